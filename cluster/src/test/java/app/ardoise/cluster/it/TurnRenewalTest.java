package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.SfuProcess;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.IceServer;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A participant's TURN credential is renewed before it expires, for as long as the participant stays in media: with
 * an eight-second lifetime (renewed after six: the expiry is counted in whole seconds), each RENEWED comes while the
 * credential before it is still valid, and nothing else of the media session changes.
 */
class TurnRenewalTest {
    private static final String TURN_SECRET = "turn-renewal-test-secret";
    private static final String TURN_URL = "turn:127.0.0.1:3478?transport=tcp";
    private static SfuProcess sfu;
    private static TestNode node;

    @BeforeAll
    static void start() {
        sfu = SfuProcess.start();
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.media.enabled = on
                ardoise.media.sfu-target = "%s"
                ardoise.media.turn { secret = "%s", urls = ["%s"], ttl = 8s }
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
    void the_credential_is_reissued_before_it_expires_while_the_participant_stays_in_media() throws Exception {
        CreateRoomResponse room = node.createRoom("TURN renewal");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            teacher.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
            IceServer held = iceServer(teacher.await(status(MediaStatus.State.JOINED)));
            for (int renewal = 0; renewal < 2; renewal++) {
                List<ServerFrame> until = teacher.until(status(MediaStatus.State.RENEWED));
                long arrivedMs = System.currentTimeMillis();
                IceServer fresh = iceServer(until.get(until.size() - 1));
                assertTrue(until.stream().noneMatch(status(MediaStatus.State.REJOINED)::test), "the same connections");
                assertTrue(arrivedMs < expiry(held) * 1000, "renewed before the credential held expires: "
                        + arrivedMs + " ms, it expires at " + expiry(held) + " s");
                assertTrue(expiry(fresh) > expiry(held), fresh.getUsername() + " after " + held.getUsername());
                assertEquals(held.getUsername().split(":")[1], fresh.getUsername().split(":")[1], "the same participant");
                assertEquals(List.of(TURN_URL), fresh.getUrlsList());
                // What the SFU checks (media/sfu/turn_auth.go): base64(HMAC-SHA1(secret, username)).
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                assertEquals(Base64.getEncoder().encodeToString(
                        mac.doFinal(fresh.getUsername().getBytes(StandardCharsets.UTF_8))), fresh.getCredential());
                held = fresh;
            }
        }
    }

    private static Predicate<ServerFrame> status(MediaStatus.State state) {
        return f -> f.hasMedia() && f.getMedia().hasStatus() && f.getMedia().getStatus().getState() == state;
    }

    private static IceServer iceServer(ServerFrame frame) {
        MediaStatus status = frame.getMedia().getStatus();
        assertEquals(1, status.getIceServersCount(), status.toString());
        return status.getIceServers(0);
    }

    private static long expiry(IceServer server) {
        return Long.parseLong(server.getUsername().split(":")[0]);
    }
}
