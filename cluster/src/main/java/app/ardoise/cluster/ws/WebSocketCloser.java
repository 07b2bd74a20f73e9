package app.ardoise.cluster.ws;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Closes one server-side WebSocket with a code and reason of the application's choosing (4000-4999 included),
 * from any thread, which pekko-http's message API cannot do. It is created before the connection's stream
 * because pekko-http drops the stream's materialized value; a close asked for before the stream starts is
 * applied when it does. Only the first close counts.
 */
public final class WebSocketCloser {
    private CloseRequest requested;
    private Consumer<CloseRequest> stage;
    private boolean attached;

    /**
     * Sends a close frame with this code and reason (cut to 123 UTF-8 bytes), then ends the connection once the
     * peer answers, or soon after if it does not.
     *
     * @throws IllegalArgumentException for a code that may not appear in a close frame, such as 1005 or 1006
     */
    public void close(int code, String reason) {
        CloseRequest request = new CloseRequest(code, reason);
        Consumer<CloseRequest> target;
        synchronized (this) {
            if (requested != null) {
                return;
            }
            requested = request;
            target = stage;
        }
        if (target != null) {
            target.accept(request);
        }
    }

    /** Binds the running stage; returns the close asked for before it started, if any. */
    synchronized Optional<CloseRequest> attach(Consumer<CloseRequest> onClose) {
        if (attached) {
            throw new IllegalStateException("a WebSocketCloser serves a single connection");
        }
        attached = true;
        stage = onClose;
        return Optional.ofNullable(requested);
    }

    /** Unbinds a stopped stage, so that a late close does not message a stream that is gone. */
    synchronized void detach() {
        stage = null;
    }
}
