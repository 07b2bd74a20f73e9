package app.ardoise.cluster.room;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How many a class may hold at once. A class has its own limit (set at creation, or by a teacher) up to the
 * deployment's bound {@code allowed}, or the deployment's default. A class allowed more than {@code lectureAbove}
 * is a lecture: its students see the teachers, themselves and a count sent at most once per
 * {@code presenceWindow}, not every other student's arrival, so that a join storm costs the class a number of
 * frames that grows with its size, not with its square.
 */
public record Capacity(int byDefault, int allowed, int lectureAbove, Duration presenceWindow) {

    static Capacity from(Config room) {
        return new Capacity(room.getInt("max-participants"), room.getInt("max-participants-allowed"),
                room.getInt("lecture-above"), room.getDuration("presence-window"));
    }

    /** The class's own limit as the room keeps it: what was asked for, within the deployment's bound. */
    int bounded(int asked) {
        return asked <= 0 ? 0 : Math.min(asked, allowed);
    }

    /** How many may be connected at once in this class. */
    int of(RoomState state) {
        return state.maxParticipants() > 0 ? state.maxParticipants() : byDefault;
    }

    boolean lecture(RoomState state) {
        return of(state) > lectureAbove;
    }
}
