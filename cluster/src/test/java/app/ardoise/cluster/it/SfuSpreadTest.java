package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.SfuProcess;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A class spread over two real SFUs (media/README.md, "The SFU pool"), one student per SFU: the teacher and the first
 * student meet on the class's SFU, the second student joins the other, which relays the teacher from the first (its
 * relay joins the class's SFU as a participant), and the relay ends when that student leaves.
 */
class SfuSpreadTest {
    private static SfuProcess first;
    private static SfuProcess second;
    private static TestNode node;

    @BeforeAll
    static void start() {
        first = SfuProcess.start();
        second = SfuProcess.start();
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.media.enabled = on
                ardoise.media.sfu-target = "%s,%s"
                ardoise.media.health-check-interval = 500ms
                ardoise.media.students-per-sfu = 1
                """.formatted(first.target(), second.target()));
        awaitServing(first);
        awaitServing(second);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void the_student_beyond_the_limit_joins_the_other_sfu_which_relays_the_teacher() {
        CreateRoomResponse room = node.createRoom("Amphi");
        String studentToken = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient alice = node.connect(room.getRoomId(), studentToken)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            alice.join(studentToken, "Alice");
            joinMedia(teacher);
            SfuProcess home = holding(1);
            SfuProcess other = home == first ? second : first;
            joinMedia(alice);
            home.awaitMetric("sfu_participants", 2, Duration.ofSeconds(10));
            assertEquals(0.0, other.metric("sfu_participants"), "the first student meets the teacher");

            try (WsClient bob = node.connect(room.getRoomId(), studentToken)) {
                bob.join(studentToken, "Bob");
                long asked = System.nanoTime();
                joinMedia(bob);
                other.awaitMetric("sfu_participants", 1, Duration.ofSeconds(10));
                other.awaitMetric("sfu_relays", 1, Duration.ofSeconds(10));
                // The relay is a participant of the class's session at its SFU, publishing nothing there.
                home.awaitMetric("sfu_participants", 3, Duration.ofSeconds(10));
                System.out.printf("SFU spread: the relay into the other SFU ran %d ms after the media join%n",
                        (System.nanoTime() - asked) / 1_000_000);
                assertEquals(0.0, home.metric("sfu_relays"), "the class's SFU relays nothing");
            }
            other.awaitMetric("sfu_participants", 0, Duration.ofSeconds(10));
            other.awaitMetric("sfu_relays", 0, Duration.ofSeconds(10));
            home.awaitMetric("sfu_participants", 2, Duration.ofSeconds(10));
        }
    }

    /** The SFU that has {@code participants} now, the other having none. */
    private static SfuProcess holding(int participants) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (first.metric("sfu_participants") == participants && second.metric("sfu_participants") == 0) {
                return first;
            }
            if (second.metric("sfu_participants") == participants && first.metric("sfu_participants") == 0) {
                return second;
            }
            sleep(25);
        }
        return fail("no SFU holds " + participants + " participants alone");
    }

    /** The node's pool proposes only SFUs whose health check answered: wait for both. */
    private static void awaitServing(SfuProcess sfu) {
        String up = "ardoise_media_sfu_up{sfu=\"" + sfu.target() + "\"} 1.0";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!node.get("/metrics").body().contains(up)) {
            if (System.nanoTime() > deadline) {
                fail("the node never saw " + sfu.target() + " serve");
            }
            sleep(100);
        }
    }

    private static void joinMedia(WsClient client) {
        client.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
        client.await(f -> f.hasMedia() && f.getMedia().hasStatus()
                && f.getMedia().getStatus().getState() == MediaStatus.State.JOINED);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
