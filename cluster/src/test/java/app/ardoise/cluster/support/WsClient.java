package app.ardoise.cluster.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Resume;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) speaking the Ardoise wire protocol, for tests. */
public final class WsClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;
    private final LinkedBlockingQueue<ServerFrame> frames;
    private final CompletableFuture<Integer> closeCode;
    private final CompletableFuture<String> closeReason;
    private long clientSeq;
    private Welcome welcome;

    private WsClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.frames = listener.frames;
        this.closeCode = listener.closeCode;
        this.closeReason = listener.closeReason;
    }

    public static WsClient connect(URI uri) {
        return connectAsync(uri).join();
    }

    public static CompletableFuture<WsClient> connectAsync(URI uri) {
        return connectAsync(uri, Map.of());
    }

    /** With these request headers on the upgrade. */
    public static CompletableFuture<WsClient> connectAsync(URI uri, Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        return builder
                .buildAsync(uri, listener)
                .thenApply(socket -> new WsClient(socket, listener));
    }

    public long send(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        sendRaw(frame.setClientSeq(seq).build().toByteArray());
        return seq;
    }

    public void sendRaw(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public Welcome join(String token, String name) {
        send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)));
        welcome = await(ServerFrame::hasWelcome).getWelcome();
        return welcome;
    }

    public void resume(String room, Welcome from, long lastSeq) {
        send(ClientFrame.newBuilder().setResume(Resume.newBuilder()
                .setRoom(room)
                .setLastSeq(lastSeq)
                .setParticipantId(from.getParticipantId())
                .setResumeToken(from.getResumeToken())));
    }

    public long chat(String text) {
        return send(ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text)));
    }

    public long chatTo(String to, String text) {
        return send(ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text).setTo(to)));
    }

    public Welcome welcome() {
        return welcome;
    }

    /** The next frame, whatever it is. */
    public ServerFrame next() {
        try {
            ServerFrame frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "no frame within " + WAIT);
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames up to and including the first that matches; fails if none comes in time. */
    public List<ServerFrame> until(Predicate<ServerFrame> match) {
        List<ServerFrame> seen = new ArrayList<>();
        while (true) {
            ServerFrame frame = next();
            seen.add(frame);
            if (match.test(frame)) {
                return seen;
            }
        }
    }

    public ServerFrame await(Predicate<ServerFrame> match) {
        List<ServerFrame> seen = until(match);
        return seen.get(seen.size() - 1);
    }

    /** Whatever arrives within {@code quiet}, without failing when nothing does. */
    public List<ServerFrame> drain(Duration quiet) throws InterruptedException {
        List<ServerFrame> seen = new ArrayList<>();
        ServerFrame frame;
        while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            seen.add(frame);
        }
        return seen;
    }

    public int awaitClose() {
        try {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("the server did not close the connection: " + e);
        }
    }

    public String closeReason() {
        return closeReason.getNow("");
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the TCP connection without a close handshake, as a phone losing its network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();
        private final ServerMessageReader reader = new ServerMessageReader();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                // Events one journal write carried come as one frame: queued one by one, as tests read them.
                frames.addAll(reader.read(data, last));
            } catch (InvalidProtocolBufferException e) {
                closeCode.completeExceptionally(new AssertionError("server sent a non-ServerFrame", e));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            closeCode.completeExceptionally(new AssertionError("server sent text: " + data));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
