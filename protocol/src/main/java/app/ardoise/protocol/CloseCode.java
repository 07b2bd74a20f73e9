package app.ardoise.protocol;

/**
 * WebSocket close codes the server uses. 1000-range codes are RFC 6455's; 4000-range codes are
 * Ardoise's own and tell the client whether to resume.
 */
public final class CloseCode {
    public static final int NORMAL = 1000;
    /** A frame that breaks RFC 6455 (unmasked, reserved bits, a lone continuation, ...). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A text frame, or a close reason, that is not UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message over the frame limit. */
    public static final int TOO_BIG = 1009;
    /** The server failed on its side of the connection. */
    public static final int INTERNAL_ERROR = 1011;
    /** The client did not read fast enough; resuming is safe and expected. */
    public static final int TOO_SLOW = 4008;
    /**
     * The connection sent no accepted Join or Resume within the server's join timeout (a leaked or scripted
     * link holding a socket). There is nothing to resume: a client that means to take part connects again
     * and joins at once.
     */
    public static final int JOIN_TIMEOUT = 4010;
    /** A newer connection resumed this participant. Do not resume from here. */
    public static final int REPLACED = 4009;
    /** The class does not exist (any more). Do not resume. */
    public static final int NOT_FOUND = 4004;
    /**
     * A teacher (or the API) ended the class for everyone. Do not resume: the class is over. The same link
     * opens it again later, as a new session.
     */
    public static final int ENDED = 4005;
    /**
     * A teacher refused this student at the waiting room, or the class lets no one new in (Error "class_closed"
     * first). Do not resume: only a teacher's change lets them in.
     */
    public static final int REFUSED = 4006;
    /** A teacher removed this participant. Do not resume. */
    public static final int REMOVED = 4003;
    /** The node is shutting down or the room is moving: reconnect (to any node) and resume. */
    public static final int RECONNECT = 4012;
    /**
     * The participant goes to another room: a breakout group (GoToBreakout came first) or back to the class
     * (BreakoutOver came first). Do not resume here.
     */
    public static final int MOVED = 4013;

    private CloseCode() {}
}
