package app.ardoise.protocol.whiteboard;

/**
 * Why the room refuses a value a client chose: {@code code} is {@link app.ardoise.protocol.ErrorCode#TOO_LARGE}
 * or {@link app.ardoise.protocol.ErrorCode#INVALID}, {@code reason} the message sent back (word for word
 * the TypeScript twin's, so a client can tell what it would have been refused for).
 */
public record Breach(String code, String reason) {}
