package app.ardoise.cluster.rate;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A rate limit that allows short bursts: {@code perSecond} tokens refill each second, up to {@code burst}.
 * Not thread-safe: a session's own buckets live in its actor; shared ones are used under a lock.
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, double burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    public boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Full again: forgetting this bucket and making a new one later would grant nothing more. */
    public boolean isFull() {
        refill();
        return tokens >= burst;
    }

    /** How long until the next token, for a Retry-After; zero when one is there now. */
    public Duration untilNextToken() {
        refill();
        return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
