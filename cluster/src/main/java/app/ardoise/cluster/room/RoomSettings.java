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

<<<<<<< HEAD
=======
    /** The students a class's SFU takes before the class spreads to another (ardoise.media.students-per-sfu). */
    static final int STUDENTS_PER_SFU = 250;

    /** Settings whose classes never spread over SFUs before {@link #STUDENTS_PER_SFU} students. */
    public RoomSettings(int snapshotEvery, Duration idlePassivation, Duration presenceGrace, Duration absentAfter,
                        Capacity capacity, int chatKept, int recentEventsKept, Duration groupCommitWindow) {
        this(snapshotEvery, idlePassivation, presenceGrace, absentAfter, capacity, chatKept, recentEventsKept,
                groupCommitWindow, STUDENTS_PER_SFU);
    }

    /** Settings whose classes reach other nodes' sessions through those nodes' relays (ardoise.room.fan-out-by-node). */
    public RoomSettings(int snapshotEvery, Duration idlePassivation, Duration presenceGrace, Duration absentAfter,
                        Capacity capacity, int chatKept, int recentEventsKept, Duration groupCommitWindow, int studentsPerSfu) {
        this(snapshotEvery, idlePassivation, presenceGrace, absentAfter, capacity, chatKept, recentEventsKept,
                groupCommitWindow, studentsPerSfu, true);
    }

>>>>>>> fanout
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
