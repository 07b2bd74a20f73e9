package app.ardoise.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A browser's publisher offer (one Opus microphone, one VP8 camera, as Chromium writes them).
 * The JVM has no WebRTC stack and needs none to prove signalling: an offer is text, and the SFU
 * answers it and gathers its candidates without any media flowing.
 */
public final class Offers {

    public static final String MIC_TRACK = "mic-track";
    public static final String CAM_TRACK = "cam-track";

    private Offers() {}

    public static String sdp() {
        try (InputStream in = Offers.class.getResourceAsStream("/publisher-offer.sdp")) {
            // SDP lines end in CRLF on the wire, as a browser sends them.
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Description publisherOffer() {
        return Description.publisherOffer(
                sdp(),
                List.of(
                        TrackInfo.declared(MIC_TRACK, "audio", MediaType.USER_MEDIA, "microphone"),
                        TrackInfo.declared(CAM_TRACK, "video", MediaType.USER_MEDIA, "camera")));
    }
}
