package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.Offers;
import app.ardoise.media.SfuProcess;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.IceServer;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.MediaDescription;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaLeave;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.MediaTarget;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Media signalling through a real node to the real SFU (media/sfu), over real WebSockets: the node
 * relays offers, answers and candidates, refuses what a participant may not send before the SFU sees
 * it, and keeps the class going while the SFU is away. The JVM has no WebRTC stack: the offer is a
 * browser's, as text; media itself is the browser tests' part (web/app/e2e/media.test.mjs).
 */
class MediaSignalTest {
    private static final String DESCRIPTIONS = "sfu_signal_requests_total{payload=\"description\"}";
    private static final String TRICKLES = "sfu_signal_requests_total{payload=\"trickle\"}";
    private static final String TURN_SECRET = "media-signal-turn-secret";
    private static final String TURN_URL = "turn:127.0.0.1:3478?transport=tcp";
    private static SfuProcess sfu;
    private static TestNode node;

    @BeforeAll
    static void start() {
        sfu = SfuProcess.start();
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.media.enabled = on
                ardoise.media.sfu-target = "%s"
                ardoise.media.rejoin-backoff-min = 100ms
                ardoise.media.rejoin-backoff-max = 500ms
                ardoise.media.turn { secret = "%s", urls = ["%s"], ttl = 2h }
                """.formatted(sfu.target(), TURN_SECRET, TURN_URL));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (sfu != null) {
            sfu.close();
        }
    }

    @Test
    void a_teachers_offer_is_answered_by_the_sfu_and_its_candidates_reach_the_browser() {
        CreateRoomResponse room = node.createRoom("Media");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            joinMedia(teacher);
            teacher.send(offer());
            MediaDescription answer = teacher.await(f -> f.hasMedia() && f.getMedia().hasDescription())
                    .getMedia().getDescription();
            assertEquals(MediaTarget.MEDIA_TARGET_PUBLISHER, answer.getTarget());
            assertEquals("answer", answer.getType());
            assertTrue(answer.getSdp().contains("a=ice-ufrag"), answer.getSdp());
            var candidate = teacher.await(f -> f.hasMedia() && f.getMedia().hasCandidate()).getMedia().getCandidate();
            assertEquals(MediaTarget.MEDIA_TARGET_PUBLISHER, candidate.getTarget());
            assertTrue(candidate.getInit().contains("127.0.0.1"), candidate.getInit());

            // The other way: the browser's candidates reach the SFU, which judges them itself.
            double trickles = sfu.counter(TRICKLES);
            teacher.send(candidate("{\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));
            teacher.send(candidate("not a candidate"));
            ServerFrame refused = teacher.await(ServerFrame::hasError);
            assertEquals(ErrorCode.INVALID, refused.getError().getCode());
            assertTrue(refused.getError().getMessage().startsWith("media: trickle init is not a candidate"),
                    refused.getError().getMessage());
            assertEquals(trickles + 2, sfu.counter(TRICKLES));
        }
    }

    private static ClientFrame.Builder candidate(String init) {
        return ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setCandidate(
                app.ardoise.protocol.v1.MediaCandidate.newBuilder()
                        .setTarget(MediaTarget.MEDIA_TARGET_PUBLISHER).setInit(init)));
    }

    @Test
    void a_student_may_not_send_until_the_teacher_allows_it_and_a_refused_offer_never_reaches_the_sfu() {
        CreateRoomResponse room = node.createRoom("Permissions");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            student.join(room.getStudent().getToken(), "Student");
            joinMedia(student);
            double before = sfu.counter(DESCRIPTIONS);

            long refused = student.send(offer());
            ServerFrame error = student.await(ServerFrame::hasError);
            assertEquals(ErrorCode.FORBIDDEN, error.getError().getCode());
            assertEquals(refused, error.getError().getClientSeq());
            // A screen is a teacher's even when cameras are allowed.
            teacher.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder().setLocks(Locks.newBuilder()
                    .setStudentsMayUseMicrophone(true).setStudentsMayUseCamera(true))));
            student.await(f -> f.hasEvent() && f.getEvent().hasLocksChanged());
            long screen = student.send(offer(MediaKind.MEDIA_KIND_SCREEN));
            ServerFrame screenError = student.await(ServerFrame::hasError);
            assertEquals(ErrorCode.FORBIDDEN, screenError.getError().getCode());
            assertEquals(screen, screenError.getError().getClientSeq());
            assertEquals(before, sfu.counter(DESCRIPTIONS), "the SFU saw no refused offer");

            student.send(offer());
            MediaDescription answer = student.await(f -> f.hasMedia() && f.getMedia().hasDescription())
                    .getMedia().getDescription();
            assertEquals("answer", answer.getType());
            assertEquals(before + 1, sfu.counter(DESCRIPTIONS), "the allowed offer went to the SFU");
        }
    }

    @Test
    void leaving_media_or_the_class_takes_the_participant_out_of_the_sfu() {
        CreateRoomResponse room = node.createRoom("Leaving");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            student.join(room.getStudent().getToken(), "Student");
            double participants = sfu.metric("sfu_participants");
            joinMedia(teacher);
            joinMedia(student);
            sfu.awaitMetric("sfu_participants", participants + 2, Duration.ofSeconds(10));
            student.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setLeave(MediaLeave.getDefaultInstance())));
            sfu.awaitMetric("sfu_participants", participants + 1, Duration.ofSeconds(10));
            teacher.abort();
            sfu.awaitMetric("sfu_participants", participants, Duration.ofSeconds(10));
        }
    }

    @Test
    void the_class_goes_on_while_the_sfu_is_away_and_media_comes_back_with_it() {
        CreateRoomResponse room = node.createRoom("Outage");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            joinMedia(teacher);
            sfu.kill();
            try {
                MediaStatus down = status(teacher, MediaStatus.State.UNAVAILABLE);
                assertTrue(down.getDetail().contains("unavailable"), down.getDetail());
                long chat = teacher.chat("still here");
                assertEquals(chat, teacher.await(ServerFrame::hasAck).getAck().getClientSeq());
                awaitReadiness("media: down");
            } finally {
                sfu.startAgain();
            }
            MediaStatus back = status(teacher, MediaStatus.State.REJOINED);
            assertEquals(1, back.getIceServersCount(), "a re-join brings a fresh TURN credential");
            awaitReadiness("media: up");
            teacher.send(offer());
            assertEquals("answer", teacher.await(f -> f.hasMedia() && f.getMedia().hasDescription())
                    .getMedia().getDescription().getType());
        }
    }

    @Test
    void each_participant_gets_a_short_lived_turn_credential_of_its_own_with_its_media_session() throws Exception {
        CreateRoomResponse room = node.createRoom("TURN");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            student.join(room.getStudent().getToken(), "Student");
            long now = System.currentTimeMillis() / 1000;
            IceServer teachers = onlyIceServer(joinMedia(teacher));
            IceServer students = onlyIceServer(joinMedia(student));
            for (IceServer server : List.of(teachers, students)) {
                assertEquals(List.of(TURN_URL), server.getUrlsList());
                String[] parts = server.getUsername().split(":");
                assertEquals(2, parts.length, server.getUsername());
                long expiry = Long.parseLong(parts[0]);
                assertTrue(Math.abs(expiry - (now + 7200)) < 60, "expires in the configured 2 h: " + expiry);
                assertFalse(server.getUsername().contains("Teacher") || server.getUsername().contains("Student"));
                // What the SFU checks (media/sfu/turn_auth.go): base64(HMAC-SHA1(secret, username)).
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                assertEquals(Base64.getEncoder().encodeToString(
                        mac.doFinal(server.getUsername().getBytes(StandardCharsets.UTF_8))), server.getCredential());
            }
            assertNotEquals(teachers.getUsername().split(":")[1], students.getUsername().split(":")[1]);
        }
    }

    private static IceServer onlyIceServer(MediaStatus status) {
        assertEquals(1, status.getIceServersCount(), status.toString());
        return status.getIceServers(0);
    }

    /** The node stays ready without its SFU (classes go on), and says how media is in the body. */
    private static void awaitReadiness(String media) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body;
        do {
            var response = node.get("/health/ready");
            assertEquals(200, response.statusCode());
            body = response.body();
            if (body.contains(media)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness said \"" + body + "\", not " + media);
    }

    private static MediaStatus joinMedia(WsClient client) {
        client.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
        return status(client, MediaStatus.State.JOINED);
    }

    private static MediaStatus status(WsClient client, MediaStatus.State state) {
        return client.await(f -> f.hasMedia() && f.getMedia().hasStatus() && f.getMedia().getStatus().getState() == state)
                .getMedia().getStatus();
    }

    /** Chromium's offer of a microphone and a camera (media's test resources), declared as such. */
    private static ClientFrame.Builder offer() {
        return offer(MediaKind.MEDIA_KIND_CAMERA);
    }

    private static ClientFrame.Builder offer(MediaKind video) {
        return ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setDescription(MediaDescription.newBuilder()
                .setTarget(MediaTarget.MEDIA_TARGET_PUBLISHER)
                .setType("offer")
                .setSdp(Offers.sdp())
                .addTracks(MediaTrack.newBuilder().setId(Offers.MIC_TRACK).setKind(MediaKind.MEDIA_KIND_MICROPHONE))
                .addTracks(MediaTrack.newBuilder().setId(Offers.CAM_TRACK).setKind(video))));
    }
}
