package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.Offers;
import app.ardoise.media.SfuProcess;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.MediaDescription;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.MediaTarget;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.SfuState;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with a pool of two real SFUs (media/README.md, "The SFU pool"): each class is placed on the least loaded,
 * all its participants meet there, the pool shows in GET /api/v1/cluster and the metrics; and when the class's SFU
 * is killed, the class moves to the other and its participants are told to build new connections there.
 */
class SfuPoolFailoverTest {
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
                ardoise.media.rejoin-backoff-min = 100ms
                ardoise.media.rejoin-backoff-max = 500ms
                """.formatted(first.target(), second.target()));
        awaitPool("both SFUs serve", pool -> pool.stream().allMatch(SfuState::getServing));
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
    void classes_spread_over_the_pool_by_load_and_a_class_meets_on_one_sfu() {
        CreateRoomResponse maths = node.createRoom("Maths");
        CreateRoomResponse music = node.createRoom("Music");
        try (WsClient mathsTeacher = node.connect(maths.getRoomId(), maths.getTeacher().getToken());
             WsClient mathsStudent = node.connect(maths.getRoomId(), maths.getStudent().getToken());
             WsClient musicTeacher = node.connect(music.getRoomId(), music.getTeacher().getToken())) {
            mathsTeacher.join(maths.getTeacher().getToken(), "Teacher");
            mathsStudent.join(maths.getStudent().getToken(), "Student");
            musicTeacher.join(music.getTeacher().getToken(), "Teacher");
            joinMedia(mathsTeacher);
            SfuProcess mathsSfu = holding(1);
            awaitPool("the node sees the class placed", pool -> classes(pool, mathsSfu) == 1);

            joinMedia(musicTeacher);
            SfuProcess musicSfu = mathsSfu == first ? second : first;
            musicSfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(10));

            joinMedia(mathsStudent);
            mathsSfu.awaitMetric("sfu_participants", 2, Duration.ofSeconds(10));
            assertEquals(1.0, musicSfu.metric("sfu_participants"), "the student meets the teacher on the class's SFU");
            awaitPool("each SFU holds one class", pool -> classes(pool, first) == 1 && classes(pool, second) == 1);
            String metrics = node.get("/metrics").body();
            assertTrue(metrics.contains("ardoise_media_sfu_classes{sfu=\"" + mathsSfu.target() + "\"} 1.0"), metrics);
            assertTrue(metrics.contains("ardoise_media_sfu_up{sfu=\"" + musicSfu.target() + "\"} 1.0"), metrics);
        }
        first.awaitMetric("sfu_participants", 0, Duration.ofSeconds(10));
        second.awaitMetric("sfu_participants", 0, Duration.ofSeconds(10));
    }

    @Test
    void when_the_classs_sfu_dies_its_participants_rejoin_on_the_other_within_seconds() {
        CreateRoomResponse room = node.createRoom("Failover");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            student.join(room.getStudent().getToken(), "Student");
            joinMedia(teacher);
            joinMedia(student);
            SfuProcess lost = holding(2);
            SfuProcess other = lost == first ? second : first;
            teacher.send(offer());
            awaitAnswer(teacher);

            long killed = System.nanoTime();
            lost.kill();
            try {
                status(teacher, MediaStatus.State.UNAVAILABLE);
                status(teacher, MediaStatus.State.REJOINED);
                long tookMs = (System.nanoTime() - killed) / 1_000_000;
                status(student, MediaStatus.State.REJOINED);
                other.awaitMetric("sfu_participants", 2, Duration.ofSeconds(5));
                System.out.printf("SFU failover: REJOINED %d ms after the kill%n", tookMs);
                assertTrue(tookMs < 5000, "the class is on the other SFU within 5 s: " + tookMs + " ms");

                // The browser offers again, on its new connections: the new SFU answers.
                teacher.send(offer());
                awaitAnswer(teacher);
                assertTrue(node.get("/metrics").body().contains("ardoise_media_moves_total 1.0"));
            } finally {
                lost.startAgain();
            }
            // Back in the pool, the SFU the class left is not taken back: the class stays where it is.
            awaitPool("the restarted SFU serves", pool -> pool.stream().allMatch(SfuState::getServing));
            assertEquals(2.0, other.metric("sfu_participants"));
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

    private static int classes(List<SfuState> pool, SfuProcess sfu) {
        return pool.stream().filter(s -> s.getTarget().equals(sfu.target())).mapToInt(SfuState::getClasses).sum();
    }

    private static void awaitPool(String what, Predicate<List<SfuState>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SfuState> pool = List.of();
        while (System.nanoTime() < deadline) {
            pool = pool();
            if (condition.test(pool)) {
                return;
            }
            sleep(100);
        }
        fail(what + ": GET /api/v1/cluster shows " + pool);
    }

    private static List<SfuState> pool() {
        try {
            ClusterResponse.Builder cluster = ClusterResponse.newBuilder();
            JsonFormat.parser().merge(node.get("/api/v1/cluster", "Authorization", "Bearer " + TestNode.API_KEY).body(),
                    cluster);
            return cluster.getSfusList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void joinMedia(WsClient client) {
        client.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
        status(client, MediaStatus.State.JOINED);
    }

    private static void status(WsClient client, MediaStatus.State state) {
        client.await(f -> f.hasMedia() && f.getMedia().hasStatus() && f.getMedia().getStatus().getState() == state);
    }

    private static void awaitAnswer(WsClient client) {
        MediaDescription answer = client.await(f -> f.hasMedia() && f.getMedia().hasDescription()).getMedia().getDescription();
        assertEquals("answer", answer.getType());
    }

    private static ClientFrame.Builder offer() {
        return ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setDescription(MediaDescription.newBuilder()
                .setTarget(MediaTarget.MEDIA_TARGET_PUBLISHER)
                .setType("offer")
                .setSdp(Offers.sdp())
                .addTracks(MediaTrack.newBuilder().setId(Offers.MIC_TRACK).setKind(MediaKind.MEDIA_KIND_MICROPHONE))
                .addTracks(MediaTrack.newBuilder().setId(Offers.CAM_TRACK).setKind(MediaKind.MEDIA_KIND_CAMERA))));
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
