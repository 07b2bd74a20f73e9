package app.ardoise.cluster.ws;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's WebSocket client, which reports the close code and reason the server sent. */
final class TestClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Closed(int code, String reason) {}

    private final WebSocket socket;
    private final Listener listener;

    private TestClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    static TestClient connect(URI uri) {
        Listener listener = new Listener();
        return new TestClient(Await.result(HTTP.newWebSocketBuilder().buildAsync(uri, listener)), listener);
    }

    void sendBinary(byte[] data) {
        Await.result(socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    /** One message as several frames: a binary frame, then continuations. */
    void sendFragmented(byte[] data, int fragmentBytes) {
        for (int from = 0; from < data.length; from += fragmentBytes) {
            int to = Math.min(data.length, from + fragmentBytes);
            Await.result(socket.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(data, from, to)), to == data.length));
        }
    }

    void sendPing(byte[] data) {
        Await.result(socket.sendPing(ByteBuffer.wrap(data)));
    }

    void sendClose(int code, String reason) {
        Await.result(socket.sendClose(code, reason));
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    byte[] nextBinary() throws InterruptedException {
        return next(listener.binaries, "binary message");
    }

    byte[] nextPong() throws InterruptedException {
        return next(listener.pongs, "pong");
    }

    Closed awaitClose() {
        return Await.result(listener.closed);
    }

    private static byte[] next(BlockingQueue<byte[]> queue, String what) throws InterruptedException {
        byte[] item = queue.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no " + what + " within " + Await.TIMEOUT);
        }
        return item;
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                binaries.add(partial.toByteArray());
                partial.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(bytes);
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(new Closed(code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
