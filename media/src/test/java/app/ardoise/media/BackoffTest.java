package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
    @CsvSource({
        // attempt, random draw, delay: the ceiling doubles from 200 ms to the 5 s cap; the delay
        // lies between half the ceiling (draw 0) and the ceiling (draw 1).
        "0, 0.0, 100",
        "0, 1.0, 200",
        "1, 0.0, 200",
        "1, 0.5, 300",
        "3, 1.0, 1600",
        "5, 1.0, 5000",
        "5, 0.0, 2500",
        "40, 0.0, 2500",
        "2147483647, 1.0, 5000",
    })
    void delaysGrowToTheCapWithHalfOfThemJittered(int attempt, double draw, long millis) {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> draw);
        assertEquals(Duration.ofMillis(millis), backoff.delay(attempt));
    }

    @ParameterizedTest
    @CsvSource({"0, 1000", "2000, 1000"})
    void aBackoffNeedsAPositiveMinimumBelowItsMaximum(long min, long max) {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ofMillis(min), Duration.ofMillis(max), () -> 0.5));
    }
}
