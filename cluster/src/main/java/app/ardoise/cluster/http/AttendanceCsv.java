package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.AttendanceResponse;
import app.ardoise.protocol.v1.AttendanceRow;
import app.ardoise.protocol.v1.AttendanceSessionView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A class's attendance as CSV (RFC 4180, CRLF), one row per participant per session, oldest session first. Times are
 * ISO 8601 in UTC, durations whole seconds; an empty "left" means still there. Names are typed by students, so a
 * cell is guarded against formulas as PollCsv does.
 */
final class AttendanceCsv {
    private AttendanceCsv() {}

    static String render(AttendanceResponse sheet) {
        StringBuilder csv = new StringBuilder();
        row(csv, "session_start", "session_end", "participant", "role", "joined", "left", "present_s", "messages",
                "hands_raised", "poll_answers", "talk_s", "camera_s");
        for (AttendanceSessionView session : sheet.getSessionsList()) {
            for (AttendanceRow person : session.getParticipantsList()) {
                row(csv, time(session.getStartedAtMs()), time(session.getEndedAtMs()), person.getName(), person.getRole(),
                        time(person.getJoinedAtMs()), time(person.getLeftAtMs()), seconds(person.getPresentMs()),
                        Integer.toString(person.getMessages()), Integer.toString(person.getHandsRaised()),
                        Integer.toString(person.getPollAnswers()), seconds(person.getTalkMs()), seconds(person.getCameraMs()));
            }
        }
        return csv.toString();
    }

    private static String time(long ms) {
        return ms == 0 ? "" : Instant.ofEpochMilli(ms).toString();
    }

    private static String seconds(long ms) {
        return Long.toString(Math.round(ms / 1000.0));
    }

    private static void row(StringBuilder csv, String... cells) {
        csv.append(List.of(cells).stream().map(PollCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }
}
