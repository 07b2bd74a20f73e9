package app.ardoise.cluster.support;

import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.ServerFrame;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A reconnecting test client's socket listener: every server frame to {@code onFrame}; a socket that closes, fails or
 * sends what does not parse is dropped (aborted if still open), and {@code dropped} decides what comes next.
 */
final class FrameListener implements WebSocket.Listener {
    private final ServerMessageReader reader = new ServerMessageReader();
    private final Consumer<ServerFrame> onFrame;
    private final Runnable dropped;

    FrameListener(Consumer<ServerFrame> onFrame, Runnable dropped) {
        this.onFrame = onFrame;
        this.dropped = dropped;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        try {
            reader.read(data, last).forEach(onFrame);
        } catch (Exception e) {
            webSocket.abort();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        dropped.run();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        dropped.run();
    }
}
