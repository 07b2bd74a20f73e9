package app.ardoise.protocol;

/** Limits both the server and the client enforce, so a well-behaved client is never refused. */
public final class Limits {
    /** Largest ClientFrame accepted; a larger message closes the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Longest chat message, in characters (UTF-16 code units as JavaScript counts them). */
    public static final int MAX_CHAT_CHARS = 4_000;
    /** Longest display name, in characters. */
    public static final int MAX_NAME_CHARS = 60;
    /** Chat.client_message_id: an id, not a payload. */
    public static final int MAX_CLIENT_MESSAGE_ID_CHARS = 64;
    /** Chat messages one client may send per second, sustained. */
    public static final int CHAT_PER_SECOND = 20;

    private Limits() {}
}
