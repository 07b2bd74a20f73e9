package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.AttendanceRecord;
import app.ardoise.protocol.v1.AttendanceSession;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The open class session's attendance, folded from the room's own events (protocol's attendance.proto says where a
 * session starts and ends). Only the room's thread touches it, as RoomState. A session that closes waits in
 * {@link #takeClosed} for the room to hand it to the table; one closed while recovering was handed over when it was
 * first written, so recovery drops it.
 */
final class AttendanceLedger {
    private long startedAtMs;
    private final Map<String, AttendanceRecord.Builder> records = new LinkedHashMap<>();
    private final List<AttendanceSession> closed = new ArrayList<>();

    boolean open() {
        return startedAtMs > 0;
    }

    /** Whether the open session has a record of this participant. */
    boolean knows(String participantId) {
        return records.containsKey(participantId);
    }

    /**
     * After RoomState folded {@code event} into its roster: {@code members} is the roster as it is now, and
     * {@code rosterEmpty} whether anyone is left on it.
     */
    void apply(RoomEvent event, Function<String, Optional<Member>> members, boolean rosterEmpty) {
        long at = event.getTimeMs();
        switch (event.getBodyCase()) {
            case JOINED -> connect(event.getJoined().getParticipantId(), at, members);
            case ADMITTED -> event.getAdmitted().getParticipantsList()
                    .forEach(admitted -> connect(admitted.getParticipantId(), at, members));
            case CONNECTED -> connect(event.getConnected().getParticipantId(), at, members);
            case DISCONNECTED -> disconnect(event.getDisconnected().getParticipantId(), at);
            case LEFT -> disconnect(event.getLeft().getParticipantId(), at);
            case REMOVED -> disconnect(event.getRemoved().getParticipantId(), at);
            case CHAT -> record(event.getAuthor(), at, members)
                    .ifPresent(record -> record.setMessages(record.getMessages() + 1));
            case HAND_RAISED -> record(event.getHandRaised().getParticipantId(), at, members)
                    .ifPresent(record -> record.setHandsRaised(record.getHandsRaised() + 1));
            case POLL_ANSWERED -> record(event.getAuthor(), at, members).ifPresent(record -> {
                if (!record.getPollsAnsweredList().contains(event.getPollAnswered().getPollId())) {
                    record.addPollsAnswered(event.getPollAnswered().getPollId());
                }
            });
            case ROLE_CHANGED -> record(event.getRoleChanged().getParticipantId(), at, members)
                    .ifPresent(record -> record.setRole(role(event.getRoleChanged().getRole())));
            case MEDIA_TIME_ADDED -> {
                var added = event.getMediaTimeAdded();
                record(added.getParticipantId(), at, members).ifPresent(record -> record
                        .setTalkMs(record.getTalkMs() + Math.max(0, added.getTalkMs()))
                        .setCameraMs(record.getCameraMs() + Math.max(0, added.getCameraMs())));
            }
            default -> { }
        }
        if (open() && (rosterEmpty || event.hasClassEnded())) {
            close(at);
        }
    }

    /** The sessions closed since the last call, oldest first. */
    List<AttendanceSession> takeClosed() {
        List<AttendanceSession> taken = List.copyOf(closed);
        closed.clear();
        return taken;
    }

    /** The open session as it stands, connections still running (connected_since_ms set); empty between sessions. */
    Optional<AttendanceSession> current() {
        if (!open()) {
            return Optional.empty();
        }
        AttendanceSession.Builder session = AttendanceSession.newBuilder().setStartedAtMs(startedAtMs);
        records.values().forEach(record -> session.addParticipants(record.build()));
        return Optional.of(session.build());
    }

    void restore(AttendanceSession session) {
        startedAtMs = session.getStartedAtMs();
        records.clear();
        session.getParticipantsList().forEach(record -> records.put(record.getParticipantId(), record.toBuilder()));
    }

    private void connect(String participantId, long at, Function<String, Optional<Member>> members) {
        record(participantId, at, members).ifPresent(record -> {
            if (record.getConnectedSinceMs() == 0) {
                record.setConnectedSinceMs(at).setLeftAtMs(0);
            }
        });
    }

    private void disconnect(String participantId, long at) {
        AttendanceRecord.Builder record = records.get(participantId);
        if (record != null) {
            stop(record, at);
        }
    }

    private static void stop(AttendanceRecord.Builder record, long at) {
        if (record.getConnectedSinceMs() > 0) {
            record.setPresentMs(record.getPresentMs() + Math.max(0, at - record.getConnectedSinceMs()))
                    .setConnectedSinceMs(0)
                    .setLeftAtMs(at);
        }
    }

    /**
     * The participant's record, made on their first event of the session from the roster: a session opens with the
     * first participant on it, and a class recovered from a snapshot older than attendance finds its roster here.
     */
    private Optional<AttendanceRecord.Builder> record(String participantId, long at, Function<String, Optional<Member>> members) {
        AttendanceRecord.Builder known = records.get(participantId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Member> member = participantId.isEmpty() ? Optional.empty() : members.apply(participantId);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        if (!open()) {
            startedAtMs = at;
        }
        AttendanceRecord.Builder made = AttendanceRecord.newBuilder()
                .setParticipantId(participantId)
                .setName(member.get().name())
                .setRole(role(member.get().role()))
                .setJoinedAtMs(at)
                .setConnectedSinceMs(member.get().connected() ? at : 0);
        records.put(participantId, made);
        return Optional.of(made);
    }

    private void close(long at) {
        AttendanceSession.Builder session = AttendanceSession.newBuilder().setStartedAtMs(startedAtMs).setEndedAtMs(at);
        for (AttendanceRecord.Builder record : records.values()) {
            stop(record, at);
            session.addParticipants(record.build());
        }
        closed.add(session.build());
        startedAtMs = 0;
        records.clear();
    }

    private static String role(Role role) {
        return role == Role.ROLE_TEACHER ? "teacher" : "student";
    }
}
