package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {

    @Test
    void referenceConfDefaultsPointAtALocalSfuWithKeepaliveThatGrpcGoServersAccept() {
        MediaSettings s = MediaSettings.fromConfig(ConfigFactory.defaultReference());
        assertTrue(s.enabled());
        assertEquals("127.0.0.1:50051", s.sfuTarget());
        assertEquals(Duration.ofSeconds(10), s.joinTimeout());
        // grpc-go's default enforcement closes connections that ping more often than every 5 min.
        assertTrue(s.keepaliveTime().compareTo(Duration.ofMinutes(5)) >= 0, s.keepaliveTime().toString());
        assertEquals(Duration.ofMillis(200), s.rejoinBackoffMin());
        assertEquals(Duration.ofSeconds(5), s.rejoinBackoffMax());
        assertEquals(Duration.ofSeconds(5), s.activityEvery());
    }

    @Test
    void activityReportsComeNoMoreOftenThanTheSfuSends() {
        MediaSettings s = MediaSettings.fromConfig(ConfigFactory.parseString("ardoise.media.activity-every = 1s")
                .withFallback(ConfigFactory.defaultReference()));
        assertEquals(Duration.ofSeconds(1), s.activityEvery());
        IllegalArgumentException tooOften = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MediaSettings.fromConfig(ConfigFactory.parseString("ardoise.media.activity-every = 100ms")
                        .withFallback(ConfigFactory.defaultReference())));
        assertTrue(tooOften.getMessage().contains("activity-every"), tooOften.getMessage());
    }

    @Test
    void anApplicationConfOverridesTheDefaults() {
        MediaSettings s =
                MediaSettings.fromConfig(
                        ConfigFactory.parseString("ardoise.media { enabled = false, sfu-target = \"10.0.0.5:50051\" }")
                                .withFallback(ConfigFactory.defaultReference()));
        assertEquals(false, s.enabled());
        assertEquals("10.0.0.5:50051", s.sfuTarget());
    }

    @Test
    void theTargetIsAListOfSfusEachOnce() {
        MediaSettings s = MediaSettings.fromConfig(
                ConfigFactory.parseString("ardoise.media.sfu-target = \"10.0.0.5:50051, 10.0.0.6:50051,,10.0.0.5:50051\"")
                        .withFallback(ConfigFactory.defaultReference()));
        assertEquals(java.util.List.of("10.0.0.5:50051", "10.0.0.6:50051"), s.sfuTargets());
        assertEquals(java.util.List.of("127.0.0.1:50051"),
                MediaSettings.fromConfig(ConfigFactory.defaultReference()).sfuTargets());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MediaSettings.fromConfig(ConfigFactory.defaultReference()).withSfuTarget(" , "));
    }
}
