package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.media.OfferedTracks.Offered;
import app.ardoise.media.RoutingPolicy.Locks;
import app.ardoise.media.RoutingPolicy.Participant;
import app.ardoise.media.RoutingPolicy.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferedTracksTest {

    /** The canned offer with its video section switched to the given direction line. */
    private static String videoAs(String direction) {
        String sdp = Offers.sdp();
        int video = sdp.indexOf("m=video");
        return sdp.substring(0, video) + sdp.substring(video).replace("a=sendonly", direction);
    }

    @Test
    void aCameraAndMicrophoneOfferSendsAnAudioAndAVideoTrack() {
        assertEquals(
                List.of(new Offered(Offers.MIC_TRACK, TrackKind.AUDIO), new Offered(Offers.CAM_TRACK, TrackKind.VIDEO)),
                OfferedTracks.of(Offers.publisherOffer()));
    }

    @Test
    void aVideoDeclaredAScreenCaptureIsAScreen() {
        Description offer =
                Description.publisherOffer(
                        Offers.sdp(), List.of(TrackInfo.declared(Offers.CAM_TRACK, "video", MediaType.SCREEN_CAPTURE, "screen")));
        assertEquals(TrackKind.SCREEN, OfferedTracks.of(offer).get(1).kind());
    }

    @ParameterizedTest(name = "video section {0}: {1} sending tracks")
    @CsvSource({"a=sendonly, 2", "a=sendrecv, 2", "a=recvonly, 1", "a=inactive, 1"})
    void onlySectionsThatSendCount(String direction, int sending) {
        assertEquals(sending, OfferedTracks.of(Description.publisherOffer(videoAs(direction), List.of())).size());
    }

    @Test
    void aStoppedSectionSendsNothing() {
        String sdp = Offers.sdp().replace("m=video 9 ", "m=video 0 ");
        assertEquals(
                List.of(new Offered(Offers.MIC_TRACK, TrackKind.AUDIO)),
                OfferedTracks.of(Description.publisherOffer(sdp, List.of())));
    }

    @ParameterizedTest(name = "{0}, mic {1}, camera {2}, audio only {3}: {4}")
    @CsvSource({
        "TEACHER, false, false, false, true",
        "STUDENT, false, false, true,  false",
        "STUDENT, true,  false, true,  true",
        "STUDENT, true,  false, false, false",
        "STUDENT, true,  true,  false, true",
    })
    void anOfferIsRelayedOnlyIfEveryTrackInItIsAllowed(
            Role role, boolean mic, boolean camera, boolean audioOnly, boolean relayed) {
        String sdp = audioOnly ? videoAs("a=inactive") : Offers.sdp();
        Description offer = Description.publisherOffer(sdp, List.of());
        PublishRights rights = RoutingPolicy.rights(new Participant("p", role), new Locks(mic, camera, false));
        assertEquals(relayed, rights.refused(OfferedTracks.of(offer)).isEmpty());
    }

    @Test
    void theRefusalNamesTheFirstTrackNotAllowed() {
        PublishRights micOnly = new PublishRights(true, false, false);
        assertEquals(
                Optional.of(new Offered(Offers.CAM_TRACK, TrackKind.VIDEO)),
                micOnly.refused(OfferedTracks.of(Offers.publisherOffer())));
    }
}
