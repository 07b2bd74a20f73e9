package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.protocol.v1.MediaKind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TrackKindTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"audio, USER_MEDIA, AUDIO", "video, USER_MEDIA, VIDEO", "video, SCREEN_CAPTURE, SCREEN", "video, UNKNOWN, VIDEO"})
    void theKindOfAnAnnouncedTrack(String kind, MediaType type, TrackKind expected) {
        assertEquals(expected, TrackKind.of(new TrackInfo("t", kind, false, type, "s", "", 0, 0, 0)));
    }

    @ParameterizedTest
    @EnumSource(TrackKind.class)
    void aDeclaredTrackIsAnnouncedAsTheSameKind(TrackKind kind) {
        // The SFU repeats the declaration of the offer in the track events others receive.
        assertEquals(kind, TrackKind.of(kind.declaration("t")));
    }

    @ParameterizedTest
    @EnumSource(TrackKind.class)
    void theBrowsersKindNamesTheSameTrackKind(TrackKind kind) {
        assertEquals(Optional.of(kind), TrackKind.of(kind.wire()));
    }

    @ParameterizedTest
    @EnumSource(value = MediaKind.class, names = {"MEDIA_KIND_UNSPECIFIED", "UNRECOGNIZED"})
    void noKindNamesNoTrackKind(MediaKind none) {
        assertEquals(Optional.empty(), TrackKind.of(none));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MEDIA_KIND_MICROPHONE, audio, microphone", "MEDIA_KIND_CAMERA, video, camera", "MEDIA_KIND_SCREEN, video, screen"})
    void theDeclarationSaysWhatTheSdpCannot(MediaKind wire, String webRtcKind, String label) {
        TrackInfo declared = TrackKind.of(wire).orElseThrow().declaration("t");
        assertEquals(webRtcKind, declared.kind());
        assertEquals(label, declared.label());
    }
}
