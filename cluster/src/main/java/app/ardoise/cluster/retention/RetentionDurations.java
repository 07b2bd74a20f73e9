package app.ardoise.cluster.retention;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Retentions as people and the configuration write them: HOCON durations such as "30d", "12h" or "90s". */
public final class RetentionDurations {
    private static final Pattern UNITLESS = Pattern.compile("[-+]?[0-9.]*([eE][-+]?[0-9]+)?");

    private RetentionDurations() {
    }

    /**
     * Empty for anything HOCON does not read as a duration, or one not longer than zero, or a number without its
     * unit: HOCON reads "30" as thirty milliseconds, which no one who means a retention writes, and which has the
     * purge delete a class's whole history.
     */
    public static Optional<Duration> parse(String text) {
        if (UNITLESS.matcher(text.strip()).matches()) {
            return Optional.empty();
        }
        try {
            Duration parsed = ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(text.strip())).getDuration("d");
            return parsed.isNegative() || parsed.isZero() ? Optional.empty() : Optional.of(parsed);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /** In the largest unit that divides it, as parse reads it back. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
