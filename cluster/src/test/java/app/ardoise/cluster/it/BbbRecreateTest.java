package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.BbbClient.element;
import static app.ardoise.cluster.support.BbbClient.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.ardoise.cluster.support.BbbClient;
import app.ardoise.cluster.support.BbbLanding;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A meeting created again once it has ended, as Moodle does at each session of an activity: the first create starts
 * it afresh, every create after that answers the meeting it started (duplicateWarning, same createTime), before or
 * after anyone joins, whatever ended it.
 */
class BbbRecreateTest {
    private final TestNode node = TestNode.shared();
    private final BbbClient moodle = new BbbClient(node, TestNode.BBB_SECRET, "SHA-1");

    @Test
    void after_the_apis_end_one_create_starts_the_meeting_and_the_next_answer_it() {
        String meetingId = "recreate-" + UUID.randomUUID();
        Map<String, String> create = params("meetingID", meetingId, "name", "Histoire 3e", "attendeePW", "ap", "moderatorPW", "mp");
        String before = createTime(moodle.call("create", create).body());
        assertEquals("SUCCESS", element(moodle.call("end", params("meetingID", meetingId, "password", "mp")).body(), "returncode"));

        String first = moodle.call("create", create).body();
        assertEquals("", element(first, "messageKey"), first);
        String createTime = createTime(first);
        assertNotEquals(before, createTime, "a new meeting");
        String second = moodle.call("create", create).body();
        assertEquals("duplicateWarning", element(second, "messageKey"), second);
        assertEquals(createTime, createTime(second), "the same meeting");
        assertEquals("false", element(second, "hasBeenForciblyEnded"));

        BbbLanding teacher = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "Mme Roy",
                "password", "mp", "role", "MODERATOR", "createTime", createTime)));
        String clash = moodle.call("create", params("meetingID", meetingId, "name", "Histoire 3e",
                "attendeePW", "other", "moderatorPW", "mp")).body();
        assertEquals("idNotUnique", element(clash, "messageKey"), clash);

        try (WsClient roy = node.connect(teacher.roomId(), teacher.token())) {
            roy.join(teacher.token(), teacher.name());
            assertEquals(createTime, createTime(moodle.call("create", create).body()), "and once someone has joined");
        }
    }

    @Test
    void after_a_teachers_end_inside_one_create_starts_the_meeting_and_the_next_answer_it() {
        String meetingId = "recreate-inside-" + UUID.randomUUID();
        Map<String, String> create = params("meetingID", meetingId, "name", "Géographie", "attendeePW", "ap", "moderatorPW", "mp");
        String before = createTime(moodle.call("create", create).body());
        BbbLanding teacher = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "M. Roux",
                "password", "mp", "createTime", before)));
        try (WsClient roux = node.connect(teacher.roomId(), teacher.token())) {
            roux.join(teacher.token(), teacher.name());
            roux.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
            assertEquals(CloseCode.ENDED, roux.awaitClose());
        }

        String createTime = createTime(moodle.call("create", create).body());
        assertNotEquals(before, createTime, "a new meeting");
        String again = moodle.call("create", create).body();
        assertEquals("duplicateWarning", element(again, "messageKey"), again);
        assertEquals(createTime, createTime(again));
        BbbLanding back = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "M. Roux",
                "password", "mp", "createTime", createTime)));
        assertEquals(teacher.roomId(), back.roomId());
    }

    @Test
    void creates_at_once_after_an_end_start_one_meeting() throws Exception {
        String meetingId = "recreate-race-" + UUID.randomUUID();
        Map<String, String> create = params("meetingID", meetingId, "name", "Course", "attendeePW", "ap", "moderatorPW", "mp");
        createTime(moodle.call("create", create).body());
        assertEquals("SUCCESS", element(moodle.call("end", params("meetingID", meetingId)).body(), "returncode"));

        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            creates.add(CompletableFuture.supplyAsync(() -> moodle.call("create", create).body()));
        }
        Set<String> createTimes = new HashSet<>();
        int started = 0;
        for (CompletableFuture<String> answer : creates) {
            String body = answer.get(30, TimeUnit.SECONDS);
            createTimes.add(createTime(body));
            started += "duplicateWarning".equals(element(body, "messageKey")) ? 0 : 1;
        }
        assertEquals(1, createTimes.size(), "one meeting: " + createTimes);
        assertEquals(1, started, "started once, found by the others");
        BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "A", "password", "ap",
                "createTime", createTimes.iterator().next())));
    }

    private static String createTime(String created) {
        assertEquals("SUCCESS", element(created, "returncode"), created);
        return element(created, "createTime");
    }
}
