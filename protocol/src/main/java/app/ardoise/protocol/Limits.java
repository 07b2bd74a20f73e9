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

    /** A poll's question, in characters. */
    public static final int MAX_POLL_QUESTION_CHARS = 300;
    /** A custom poll's options: how many, and how long each. */
    public static final int MAX_POLL_OPTIONS = 10;
    public static final int MAX_POLL_OPTION_CHARS = 100;
    /** A typed short answer (and a quiz's accepted one), in characters. */
    public static final int MAX_SHORT_ANSWER_CHARS = 200;

    private Limits() {}
}
