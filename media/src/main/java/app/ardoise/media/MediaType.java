package app.ardoise.media;

/** What a published track carries, as the browser declared it with its offer. */
public enum MediaType {
    UNKNOWN,
    USER_MEDIA,
    SCREEN_CAPTURE,
    CANVAS,
    STREAMING,
    VOIP
}
