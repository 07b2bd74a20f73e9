package app.ardoise.cluster.session;

import java.util.function.LongSupplier;

/** A rate limit that allows short bursts: {@code perSecond} tokens refill each second, up to {@code burst}. */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, double burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
