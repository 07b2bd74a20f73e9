package app.ardoise.media;

import app.ardoise.protocol.v1.MediaKind;
import java.util.Optional;

/**
 * What a published track is, as the routing policy judges it: a microphone, a camera or a
 * screen. WebRTC knows only audio and video, so a camera and a screen share are told apart by
 * what the browser declared ({@link MediaType#SCREEN_CAPTURE}). This is the one place that maps
 * the kind between the browser's protocol ({@link MediaKind}), the SFU's track infos and the
 * policy.
 */
public enum TrackKind {
    AUDIO(MediaKind.MEDIA_KIND_MICROPHONE, "audio", MediaType.USER_MEDIA, "microphone"),
    VIDEO(MediaKind.MEDIA_KIND_CAMERA, "video", MediaType.USER_MEDIA, "camera"),
    SCREEN(MediaKind.MEDIA_KIND_SCREEN, "video", MediaType.SCREEN_CAPTURE, "screen");

    private final MediaKind wire;
    private final String webRtcKind;
    private final MediaType type;
    private final String label;

    TrackKind(MediaKind wire, String webRtcKind, MediaType type, String label) {
        this.wire = wire;
        this.webRtcKind = webRtcKind;
        this.type = type;
        this.label = label;
    }

    /**
     * The kind of an audio or video track: audio is a microphone; a video is a screen when the
     * browser declared it a screen capture (the SDP cannot say so), a camera otherwise.
     */
    static TrackKind of(boolean audio, MediaType declared) {
        if (audio) {
            return AUDIO;
        }
        return declared == MediaType.SCREEN_CAPTURE ? SCREEN : VIDEO;
    }

    /** The kind of a track the SFU announced, which repeats what its owner declared. */
    public static TrackKind of(TrackInfo announced) {
        return of("audio".equals(announced.kind()), announced.type());
    }

    /** The kind the browser or a session named; empty for none ({@code MEDIA_KIND_UNSPECIFIED}). */
    public static Optional<TrackKind> of(MediaKind kind) {
        for (TrackKind k : values()) {
            if (k.wire == kind) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** As the browser's protocol names it. */
    public MediaKind wire() {
        return wire;
    }

    /** The declaration of a track of this kind for a publisher offer, which the SFU passes on to subscribers. */
    public TrackInfo declaration(String trackId) {
        return TrackInfo.declared(trackId, webRtcKind, type, label);
    }
}
