package app.ardoise.media;

/**
 * A track as the SFU announces it in track events, or as the browser declares it with a
 * publisher offer. {@code id} is the browser's MediaStreamTrack id (the SDP msid), unique
 * within a room; it is what subscriptions name.
 *
 * @param kind "audio" or "video", as WebRTC spells it
 * @param width 0 when unknown; likewise height and frameRate
 */
public record TrackInfo(
        String id,
        String kind,
        boolean muted,
        MediaType type,
        String streamId,
        String label,
        int width,
        int height,
        int frameRate) {

    public TrackInfo {
        requireText(id, "id");
        kind = kind == null ? "" : kind;
        type = type == null ? MediaType.UNKNOWN : type;
        streamId = streamId == null ? "" : streamId;
        label = label == null ? "" : label;
    }

    /** A declaration for a publisher offer: only what the SDP cannot say. */
    public static TrackInfo declared(String id, String kind, MediaType type, String label) {
        return new TrackInfo(id, kind, false, type, "", label, 0, 0, 0);
    }

    static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
