package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.BbbClient.element;
import static app.ardoise.cluster.support.BbbClient.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.BbbClient;
import app.ardoise.cluster.support.BbbLanding;
import app.ardoise.cluster.support.TestNode;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** join with redirect=false: BigBlueButton's XML, every element it has, in its order. */
class BbbJoinAnswerTest {
    private static final Pattern ELEMENTS = Pattern.compile("<response><returncode>SUCCESS</returncode>"
            + "<messageKey>successfullyJoined</messageKey><message>[^<]+</message><meeting_id>[^<]+</meeting_id>"
            + "<user_id>[^<]+</user_id><auth_token>[0-9a-f]{16}</auth_token><session_token>[^<]+</session_token>"
            + "<guestStatus>[A-Z]+</guestStatus><url>[^<]+</url></response>");
    private final TestNode node = TestNode.shared();
    private final BbbClient moodle = new BbbClient(node, TestNode.BBB_SECRET, "SHA-1");

    @Test
    void a_join_answered_in_xml_names_the_user_its_tokens_and_whether_they_wait() {
        String meetingId = "join-xml-" + UUID.randomUUID();
        String created = moodle.call("create", params("meetingID", meetingId, "name", "Latin", "attendeePW", "ap",
                "moderatorPW", "mp", "guestPolicy", "ASK_MODERATOR")).body();
        String createTime = element(created, "createTime");

        String teacher = moodle.call("join", params("meetingID", meetingId, "fullName", "Mme Roy", "role", "MODERATOR",
                "userID", "3", "createTime", createTime, "redirect", "false")).body();
        assertTrue(ELEMENTS.matcher(teacher).matches(), teacher);
        assertEquals(element(created, "internalMeetingID"), element(teacher, "meeting_id"));
        assertEquals("3", element(teacher, "user_id"), "the LMS's own userID");
        assertEquals("ALLOW", element(teacher, "guestStatus"));
        BbbLanding landing = BbbLanding.of(element(teacher, "url").replace("&amp;", "&"));
        assertEquals(landing.token(), element(teacher, "session_token"), "what the url carries, as BigBlueButton's");
        assertEquals("Mme Roy", landing.name());

        String student = moodle.call("join", params("meetingID", meetingId, "fullName", "Léo", "password", "ap",
                "redirect", "false")).body();
        assertTrue(ELEMENTS.matcher(student).matches(), student);
        assertTrue(element(student, "user_id").startsWith("w_"), "one made up when the LMS sends none: " + student);
        assertEquals("WAIT", element(student, "guestStatus"), "ASK_MODERATOR: the waiting room");
        assertNotEquals(element(teacher, "auth_token"), element(student, "auth_token"));
        assertNotEquals(element(student, "session_token"), element(student, "auth_token"));
    }
}
