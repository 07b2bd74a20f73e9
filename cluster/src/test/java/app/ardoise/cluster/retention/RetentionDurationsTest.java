package app.ardoise.cluster.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retentions as a teacher or the operator writes them: HOCON durations, read back as they were written. */
class RetentionDurationsTest {

    @Test
    void durations_read_as_hocon_does_and_format_back_in_their_largest_unit() {
        assertEquals(Optional.of(Duration.ofDays(30)), RetentionDurations.parse("30d"));
        assertEquals(Optional.of(Duration.ofHours(12)), RetentionDurations.parse(" 12 hours "));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetentionDurations.parse("90s"));
        assertEquals("30d", RetentionDurations.format(Duration.ofDays(30)));
        assertEquals("36h", RetentionDurations.format(Duration.ofHours(36)));
        assertEquals("90s", RetentionDurations.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", RetentionDurations.format(Duration.ofMillis(1500)));
        for (String written : new String[] {"365d", "4s", "2m", "1500ms"}) {
            assertEquals(written, RetentionDurations.format(RetentionDurations.parse(written).orElseThrow()));
        }
    }

    @Test
    void anything_else_is_refused() {
        for (String bad : new String[] {"", "forever", "0s", "-1d", "30 parsecs", "1d\" x = \"y", "${user.home}",
                "30", " 365 ", "1.5", "1e3"}) {
            assertEquals(Optional.empty(), RetentionDurations.parse(bad), bad);
        }
    }
}
