package app.ardoise.protocol;

/**
 * Sizes fixed for the protocol: the room's rules hold every stored chat message, name and id to them, so
 * a deployment cannot raise them without changing what its journal may contain. Rates and the frame size
 * are the server's settings instead ({@code ardoise.session}). Clients learn both from the Welcome's
 * ClientLimits, never from a copy of these numbers.
 */
public final class Limits {
    /** Longest chat message, in characters (UTF-16 code units as JavaScript counts them). */
    public static final int MAX_CHAT_CHARS = 4_000;
    /** Longest display name, in characters. */
    public static final int MAX_NAME_CHARS = 60;
    /** Chat.client_message_id: an id, not a payload. */
    public static final int MAX_CLIENT_MESSAGE_ID_CHARS = 64;

    private Limits() {}
}
