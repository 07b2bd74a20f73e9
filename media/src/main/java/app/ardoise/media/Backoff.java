package app.ardoise.media;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between re-join attempts: exponential up to a cap, with "equal jitter" (half fixed,
 * half random) so that the participants of a restarted SFU do not all come back in the same
 * instant, yet none waits much less than the schedule says.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before attempt {@code attempt} (0 for the first retry). */
    Duration delay(int attempt) {
        long ceiling = minNanos;
        for (int i = 0; i < attempt && ceiling < maxNanos; i++) {
            ceiling = Math.min(maxNanos, ceiling * 2);
        }
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
