package app.ardoise.media;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The bridge's settings, read from {@code ardoise.media} (defaults in this module's
 * reference.conf) or built directly by tests.
 *
 * @param sfuTarget host:port of the SFU's gRPC endpoint, or of each SFU of the pool separated by commas
 * @param turn the SFU's TURN server, handed to each participant with its media session
 * @param sfuAdvertise the SFUs this node advertises to the cluster, host:port as the other nodes reach them: they
 *     join every node's pool while this node is a member (media/README.md, "The SFU pool")
 * @param activityEvery how often the SFU reports a participant's talk and camera time while it changes: each report
 *     is one event in the class's journal, and what a participant did in the last interval before the class ended is
 *     not counted
 */
public record MediaSettings(
        boolean enabled,
        String sfuTarget,
        Duration joinTimeout,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        Duration keepaliveTime,
        Duration keepaliveTimeout,
        Duration rejoinBackoffMin,
        Duration rejoinBackoffMax,
        TurnSettings turn,
        List<String> sfuAdvertise,
        Duration activityEvery) {

    /** The SFU reports no more often than this (media/sfu/proto/activity.proto). */
    private static final Duration MIN_ACTIVITY_EVERY = Duration.ofMillis(500);

    public MediaSettings {
        TrackInfo.requireText(sfuTarget, "sfu-target");
        if (Arrays.stream(sfuTarget.split(",")).allMatch(String::isBlank)) {
            throw new IllegalArgumentException("sfu-target names no SFU: " + sfuTarget);
        }
        sfuAdvertise = List.copyOf(sfuAdvertise);
        if (activityEvery.compareTo(MIN_ACTIVITY_EVERY) < 0) {
            throw new IllegalArgumentException("activity-every must be at least 500ms: " + activityEvery);
        }
    }

    /** The pool: every host:port of {@link #sfuTarget}, in the order given, each once. */
    public List<String> sfuTargets() {
        return Arrays.stream(sfuTarget.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
    }

    /** Reads the {@code ardoise.media} block of a full configuration. */
    public static MediaSettings fromConfig(Config root) {
        Config c = root.getConfig("ardoise.media");
        return new MediaSettings(
                c.getBoolean("enabled"),
                c.getString("sfu-target"),
                c.getDuration("join-timeout"),
                c.getDuration("health-check-interval"),
                c.getDuration("health-check-timeout"),
                c.getDuration("keepalive-time"),
                c.getDuration("keepalive-timeout"),
                c.getDuration("rejoin-backoff-min"),
                c.getDuration("rejoin-backoff-max"),
                TurnSettings.fromConfig(c.getConfig("turn")),
                SfuTargets.parse(c.getString("sfu-advertise"), "ardoise.media.sfu-advertise (ARDOISE_SFU_ADVERTISE)"),
                c.getDuration("activity-every"));
    }

    public MediaSettings withSfuTarget(String target) {
        return new MediaSettings(
                enabled, target, joinTimeout, healthCheckInterval, healthCheckTimeout,
                keepaliveTime, keepaliveTimeout, rejoinBackoffMin, rejoinBackoffMax, turn, sfuAdvertise, activityEvery);
    }

    public MediaSettings withRejoinBackoff(Duration min, Duration max) {
        return new MediaSettings(
                enabled, sfuTarget, joinTimeout, healthCheckInterval, healthCheckTimeout,
                keepaliveTime, keepaliveTimeout, min, max, turn, sfuAdvertise, activityEvery);
    }

    public MediaSettings withHealthCheckTimeout(Duration timeout) {
        return new MediaSettings(
                enabled, sfuTarget, joinTimeout, healthCheckInterval, timeout,
                keepaliveTime, keepaliveTimeout, rejoinBackoffMin, rejoinBackoffMax, turn, sfuAdvertise, activityEvery);
    }
}
