package app.ardoise.cluster.retention;

import java.time.Duration;
import java.util.Optional;

/**
 * A class's own retentions, each empty when the class keeps the deployment's. Each is at most the deployment's
 * when set; the purge still takes the shorter of the two, so a lowered deployment bound wins over an older choice.
 */
public record OwnRetention(Optional<Duration> events, Optional<Duration> attendance, Optional<Duration> recordings) {
    public static final OwnRetention DEPLOYMENT = new OwnRetention(Optional.empty(), Optional.empty(), Optional.empty());

    /** How long the class keeps what {@code own} covers: its own when shorter than the deployment's. */
    static Duration shorter(Optional<Duration> own, Duration deployment) {
        return own.filter(kept -> kept.compareTo(deployment) < 0).orElse(deployment);
    }
}
