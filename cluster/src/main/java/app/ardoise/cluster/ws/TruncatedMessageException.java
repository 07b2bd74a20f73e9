package app.ardoise.cluster.ws;

/**
 * Ends the data of an incoming message whose remaining frames will never be read because the server is
 * closing the WebSocket: without it the message would look complete, only shorter.
 */
public final class TruncatedMessageException extends RuntimeException {
    TruncatedMessageException() {
        super("the WebSocket was closed in the middle of this message");
    }
}
