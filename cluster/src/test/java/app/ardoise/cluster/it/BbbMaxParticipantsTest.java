package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.BbbClient.element;
import static app.ardoise.cluster.support.BbbClient.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.BbbClient;
import app.ardoise.cluster.support.BbbLanding;
import app.ardoise.cluster.support.Eventually;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * create's maxParticipants as a Moodle admin sets it: a join through the API counts everyone connected, moderators
 * included, as BigBlueButton does; the class seats as many students (teachers take no seat there).
 */
class BbbMaxParticipantsTest {
    private final TestNode node = TestNode.shared();
    private final BbbClient moodle = new BbbClient(node, TestNode.BBB_SECRET, "SHA-1");

    @Test
    void a_join_past_max_participants_is_refused_whoever_it_is_for() throws Exception {
        String meetingId = "max-" + UUID.randomUUID();
        assertEquals("SUCCESS", element(moodle.call("create", params("meetingID", meetingId, "name", "Option latin",
                "attendeePW", "ap", "moderatorPW", "mp", "maxParticipants", "2")).body(), "returncode"));
        Map<String, String> asTeacher = params("meetingID", meetingId, "fullName", "Mme Roy", "password", "mp");
        Map<String, String> asStudent = params("meetingID", meetingId, "fullName", "Léo", "password", "ap");
        BbbLanding teacher = BbbLanding.of(moodle.call("join", asTeacher));
        BbbLanding student = BbbLanding.of(moodle.call("join", asStudent));

        try (WsClient roy = node.connect(teacher.roomId(), teacher.token())) {
            assertEquals(2, roy.join(teacher.token(), teacher.name()).getRoom().getMaxParticipants(),
                    "the class's own limit of students");
            try (WsClient leo = node.connect(student.roomId(), student.token())) {
                leo.join(student.token(), student.name());
                assertEquals("maxParticipantsReached", element(moodle.call("join", asStudent).body(), "messageKey"));
                assertEquals("maxParticipantsReached", element(moodle.call("join", asTeacher).body(), "messageKey"),
                        "a moderator counts, and is counted");
            }
            Eventually.awaitTrue("a seat freed", Duration.ofSeconds(10),
                    () -> moodle.call("join", asTeacher).statusCode() == 302);
        }
    }
}
