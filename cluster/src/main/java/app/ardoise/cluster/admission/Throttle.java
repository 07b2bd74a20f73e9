package app.ardoise.cluster.admission;

import app.ardoise.cluster.rate.TokenBucket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A token bucket shared between the threads of the HTTP server. */
public final class Throttle {
    private final TokenBucket bucket;

    public Throttle(double perSecond, double burst, LongSupplier nanoClock) {
        this.bucket = new TokenBucket(perSecond, burst, nanoClock);
    }

    /** Empty when a token was taken; otherwise how long until there is one. */
    public synchronized Optional<Duration> take() {
        return bucket.tryTake() ? Optional.empty() : Optional.of(bucket.untilNextToken());
    }
}
