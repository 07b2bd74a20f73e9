package app.ardoise.cluster.attendance;

import app.ardoise.protocol.v1.AttendanceRecord;
import app.ardoise.protocol.v1.AttendanceResponse;
import app.ardoise.protocol.v1.AttendanceRow;
import app.ardoise.protocol.v1.AttendanceSession;
import app.ardoise.protocol.v1.AttendanceSessionView;
import java.util.List;
import java.util.Optional;

/**
 * A class's attendance as the API serves it: its closed sessions from their table, then the open one from the class,
 * whose running connections count up to {@code nowMs}.
 */
public final class AttendanceSheet {
    private AttendanceSheet() {
    }

    public static AttendanceResponse of(String roomId, List<AttendanceSession> closed, Optional<AttendanceSession> open, long nowMs) {
        AttendanceResponse.Builder sheet = AttendanceResponse.newBuilder().setRoomId(roomId).setGeneratedAtMs(nowMs);
        closed.forEach(session -> sheet.addSessions(view(session, false, nowMs)));
        open.ifPresent(session -> sheet.addSessions(view(session, true, nowMs)));
        return sheet.build();
    }

    private static AttendanceSessionView view(AttendanceSession session, boolean open, long nowMs) {
        AttendanceSessionView.Builder view = AttendanceSessionView.newBuilder()
                .setStartedAtMs(session.getStartedAtMs())
                .setEndedAtMs(open ? 0 : session.getEndedAtMs())
                .setOpen(open);
        for (AttendanceRecord record : session.getParticipantsList()) {
            long running = record.getConnectedSinceMs() > 0 ? Math.max(0, nowMs - record.getConnectedSinceMs()) : 0;
            view.addParticipants(AttendanceRow.newBuilder()
                    .setParticipantId(record.getParticipantId())
                    .setName(record.getName())
                    .setRole(record.getRole())
                    .setJoinedAtMs(record.getJoinedAtMs())
                    .setLeftAtMs(record.getLeftAtMs())
                    .setPresentMs(record.getPresentMs() + running)
                    .setMessages(record.getMessages())
                    .setHandsRaised(record.getHandsRaised())
                    .setPollAnswers(record.getPollsAnsweredCount())
                    .setTalkMs(record.getTalkMs())
                    .setCameraMs(record.getCameraMs()));
        }
        return view.build();
    }
}
