package app.ardoise.bench;

import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** One simulated participant on a real WebSocket, speaking the wire protocol. */
final class BenchClient implements WebSocket.Listener {
    private final Consumer<ServerFrame> onFrame;
    private final Runnable onClosed;
    private final CompletableFuture<Welcome> welcomed = new CompletableFuture<>();
    private final ServerMessageReader reader = new ServerMessageReader();
    private WebSocket socket;
    private long clientSeq;
    /** System.nanoTime when the WebSocket opened (the upgrade answered), 0 before: join storms time from it. */
    volatile long openedNanos;

    BenchClient(Consumer<ServerFrame> onFrame, Runnable onClosed) {
        this.onFrame = onFrame;
        this.onClosed = onClosed;
    }

    CompletableFuture<Welcome> connectAndJoin(HttpClient http, URI uri, String token, String name) {
        return connectAndJoin(http, uri, token, name, false);
    }

    /** With {@code writtenMarks}, the reader gets written marks (Join.written_marks), as the browser does. */
    CompletableFuture<Welcome> connectAndJoin(HttpClient http, URI uri, String token, String name, boolean writtenMarks) {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this)
                .thenCompose(ws -> {
                    socket = ws;
                    return send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)
                            .setWrittenMarks(writtenMarks)));
                })
                .thenCompose(sent -> welcomed)
                // A join the server never answers fails instead of holding the whole fleet forever.
                .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    synchronized CompletableFuture<WebSocket> chat(String text) {
        return send(ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text)));
    }

    /** Any other action on the room (a teacher's, say). */
    synchronized CompletableFuture<WebSocket> act(ClientFrame.Builder frame) {
        return send(frame);
    }

    synchronized CompletableFuture<WebSocket> whiteboard(WhiteboardBatch batch) {
        return send(ClientFrame.newBuilder().setWhiteboard(batch));
    }

    private synchronized CompletableFuture<WebSocket> send(ClientFrame.Builder frame) {
        return socket.sendBinary(ByteBuffer.wrap(frame.setClientSeq(++clientSeq).build().toByteArray()), true);
    }

    void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        openedNanos = System.nanoTime();
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        try {
            reader.read(data, last).forEach(this::receive);
        } catch (Exception e) {
            welcomed.completeExceptionally(e);
        }
        webSocket.request(1);
        return null;
    }

    private void receive(ServerFrame frame) {
        if (frame.hasWelcome()) {
            welcomed.complete(frame.getWelcome());
        } else if (frame.hasError() && !welcomed.isDone()) {
            // An Error before the Welcome (unavailable, say) answers the Join: it failed.
            welcomed.completeExceptionally(new IllegalStateException("join refused: " + frame.getError().getCode()));
        }
        onFrame.accept(frame);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        welcomed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        onClosed.run();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        welcomed.completeExceptionally(error);
        onClosed.run();
    }
}
