package app.ardoise.media;

/**
 * Which of a participant's two peer connections a description or candidate belongs to: the
 * browser's sending one (publisher) or its receiving one (subscriber). The SFU routes
 * candidates by this alone, so it is always set explicitly, never defaulted.
 */
public enum Target {
    PUBLISHER,
    SUBSCRIBER
}
