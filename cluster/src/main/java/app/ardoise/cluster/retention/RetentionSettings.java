package app.ardoise.cluster.retention;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long a class's data is kept ({@code ardoise.retention}), the deployment's maximum. Events (chat, board and
 * every other change of a class in its journal) older than {@code events} are purged every {@code purge-every}, and
 * so are the class sessions' attendance (the table attendance) that ended longer than {@code attendance} ago and the
 * recordings of teachers' voices that ended longer ago than {@code recordings}.
 */
public record RetentionSettings(Duration events, Duration attendance, Duration recordings, Duration purgeEvery) {

    public RetentionSettings {
        for (Duration given : new Duration[] {events, attendance, recordings, purgeEvery}) {
            if (given.isNegative() || given.isZero()) {
                throw new IllegalArgumentException("ardoise.retention: events, attendance, recordings and purge-every "
                        + "must be longer than zero, e.g. 365d or 1h");
            }
        }
    }

    public static RetentionSettings from(Config config) {
        Config retention = config.getConfig("ardoise.retention");
        return new RetentionSettings(
                retention.getDuration("events"),
                retention.getDuration("attendance"),
                retention.getDuration("recordings"),
                retention.getDuration("purge-every"));
    }
}
