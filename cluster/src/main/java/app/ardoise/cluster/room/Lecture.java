package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomSnapshot;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a student of a lecture (Capacity.lecture) is told of the others. Sending every arrival to everyone costs a
 * class of n about n squared frames as it fills (half a million for 1,000 students), and a roster of 1,000 names
 * in every Welcome; a student needs the teachers, themselves and how many are there. Teachers keep the whole
 * roster: they run the class.
 */
final class Lecture {
    private Lecture() {}

    /** Events that tell of a student coming or going, which students of a lecture get as a Presence count. */
    static Predicate<RoomEvent> hiddenFromStudents(RoomState after) {
        return event -> switch (event.getBodyCase()) {
            case JOINED -> event.getJoined().getRole() == Role.ROLE_STUDENT;
            case CONNECTED -> student(after, event.getConnected().getParticipantId());
            case DISCONNECTED -> student(after, event.getDisconnected().getParticipantId());
            case LEFT -> event.getLeft().getRole() == Role.ROLE_STUDENT;
            default -> false;
        };
    }

    /** Whether this event changes how many are connected. */
    static boolean changesPresence(RoomEvent event) {
        return switch (event.getBodyCase()) {
            case JOINED, CONNECTED, DISCONNECTED, LEFT, REMOVED, ADMITTED -> true;
            default -> false;
        };
    }

    /** A student's roster in a lecture: the teachers, and themselves. */
    static RoomSnapshot.Builder forStudent(RoomSnapshot.Builder view, String viewerId) {
        List<Participant> kept = view.getParticipantsList().stream()
                .filter(p -> p.getRole() == Role.ROLE_TEACHER || p.getId().equals(viewerId))
                .toList();
        return view.clearParticipants().addAllParticipants(kept);
    }

    private static boolean student(RoomState state, String participantId) {
        return state.member(participantId).map(m -> m.role() == Role.ROLE_STUDENT).orElse(false);
    }
}
