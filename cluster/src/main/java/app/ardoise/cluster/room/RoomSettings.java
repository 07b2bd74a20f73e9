package app.ardoise.cluster.room;

import com.typesafe.config.Config;
import java.time.Duration;

/** The room's limits and timings, from {@code ardoise.room}. */
public record RoomSettings(
        int snapshotEvery,
        Duration idlePassivation,
        Duration presenceGrace,
        Duration absentAfter,
        Capacity capacity,
        int chatKept,
        int recentEventsKept,
        Duration groupCommitWindow,
        int studentsPerSfu,
        boolean fanOutByNode) {

    public RoomSettings {
        if (studentsPerSfu < 1) {
            throw new IllegalArgumentException("ardoise.media.students-per-sfu must be at least 1, not " + studentsPerSfu);
        }
    }

    public static RoomSettings from(Config config) {
        Config c = config.getConfig("ardoise.room");
        return new RoomSettings(
                c.getInt("snapshot-every"),
                c.getDuration("idle-passivation"),
                c.getDuration("presence-grace"),
                c.getDuration("absent-after"),
                Capacity.from(c),
                c.getInt("chat-kept"),
                c.getInt("recent-events-kept"),
                c.getDuration("group-commit-window"),
                config.getInt("ardoise.media.students-per-sfu"),
                c.getBoolean("fan-out-by-node"));
    }
}
