package app.ardoise.cluster.session;

import com.typesafe.config.Config;
import java.time.Duration;

/** Per-connection limits, from {@code ardoise.session}. */
public record SessionSettings(
        int outboundBuffer,
        int maxFrameBytes,
        double chatPerSecond,
        double actionsPerSecond,
        double whiteboardBatchesPerSecond,
        double ephemeralPerSecond,
        Duration roomHeartbeat,
        Duration resumeTokenTtl,
        Duration joinTimeout) {

    public static SessionSettings from(Config config) {
        Config c = config.getConfig("ardoise.session");
        return new SessionSettings(
                c.getInt("outbound-buffer"),
                c.getInt("max-frame-bytes"),
                c.getDouble("chat-per-second"),
                c.getDouble("actions-per-second"),
                c.getDouble("whiteboard-batches-per-second"),
                c.getDouble("ephemeral-per-second"),
                c.getDuration("room-heartbeat"),
                c.getDuration("resume-token-ttl"),
                c.getDuration("join-timeout"));
    }
}
