package app.ardoise.cluster.room;

import app.ardoise.cluster.contract.ToSession.MediaPlaced;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A class spread over several SFUs (media/README.md, "The SFU pool"): teachers, and students up to
 * {@code studentsPerSfu}, join the class's own SFU; further students join another SFU of the pool, which relays the
 * teachers' tracks from the class's. Runtime state of the room actor, never persisted: it describes which SFU each
 * session's stream was sent to, and a journal write per student of a lecture would buy only an exact count after the
 * room restarts; the count then starts again from the students who ask.
 */
final class MediaSpread {

    private final int studentsPerSfu;
    /** Students whose stream the room sent to the class's SFU. */
    private final Set<String> home = new HashSet<>();
    /** Students sent to another SFU, and which. */
    private final Map<String, String> away = new HashMap<>();
    /** The teachers each other SFU in use was last asked to relay, in the order the SFUs were first used. */
    private final Map<String, List<String>> relayed = new LinkedHashMap<>();

    MediaSpread(int studentsPerSfu) {
        this.studentsPerSfu = studentsPerSfu;
    }

    /**
     * Where {@code participant}'s stream goes, the class being on {@code state.mediaSfu()}: a teacher always there; a
     * student there while it holds fewer than the limit, else on an SFU in use with room left, else on the first of
     * {@code spares} not in use, else there after all (the pool is full). {@code lost}: an SFU the asker found gone,
     * whose students all ask again.
     */
    MediaPlaced place(RoomState state, String participant, String lost, List<String> spares) {
        String classSfu = state.mediaSfu();
        left(participant);
        if (!lost.isEmpty() && !lost.equals(classSfu)) {
            away.values().removeIf(lost::equals);
            relayed.remove(lost);
        }
        boolean teacher = state.member(participant).map(Member::isTeacher).orElse(false);
        if (teacher) {
            return new MediaPlaced(classSfu);
        }
        if (home.size() < studentsPerSfu) {
            home.add(participant);
            return new MediaPlaced(classSfu);
        }
        String other = relayed.keySet().stream().filter(sfu -> count(sfu) < studentsPerSfu).findFirst()
                .orElseGet(() -> spares.stream()
                        .filter(sfu -> !sfu.equals(classSfu) && !sfu.equals(lost) && !relayed.containsKey(sfu))
                        .findFirst().orElse(classSfu));
        if (other.equals(classSfu)) {
            home.add(participant);
            return new MediaPlaced(classSfu);
        }
        List<String> teachers = teachers(state);
        away.put(participant, other);
        relayed.put(other, teachers);
        return new MediaPlaced(other, classSfu, teachers);
    }

    /**
     * Whether two participants meet in the same SFU: the class's own, or the same other one. A session sees another
     * SFU's tracks only through a relay, whose end says nothing about the tracks at their source.
     */
    boolean together(String one, String other) {
        return Objects.equals(away.get(one), away.get(other));
    }

    /** The participant's stream is gone; an SFU none is left on stops relaying by itself. */
    void left(String participant) {
        home.remove(participant);
        String sfu = away.remove(participant);
        if (sfu != null && count(sfu) == 0) {
            relayed.remove(sfu);
        }
    }

    /** The class moved to another SFU, where every session now goes: nothing is spread any more. */
    void moved() {
        home.clear();
        away.clear();
        relayed.clear();
    }

    /**
     * For each other SFU whose relay names other teachers than the class has now: one of its students, to be told
     * the placement again, so that its session asks that SFU to relay the new list.
     */
    Map<String, MediaPlaced> relayChanges(RoomState state) {
        if (relayed.isEmpty()) {
            return Map.of();
        }
        List<String> teachers = teachers(state);
        Map<String, MediaPlaced> tell = new HashMap<>();
        relayed.replaceAll((sfu, asked) -> {
            if (!asked.equals(teachers)) {
                away.entrySet().stream().filter(e -> e.getValue().equals(sfu)).findFirst().ifPresent(
                        e -> tell.put(e.getKey(), new MediaPlaced(sfu, state.mediaSfu(), teachers)));
            }
            return teachers;
        });
        return tell;
    }

    private long count(String sfu) {
        return away.values().stream().filter(sfu::equals).count();
    }

    private static List<String> teachers(RoomState state) {
        return state.members().stream().filter(Member::isTeacher).map(Member::id).sorted().toList();
    }
}
