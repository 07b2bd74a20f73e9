package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.Upgrade;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Ping;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a node lets in, and what it closes, over real sockets: each limit on a node of its own with small values. */
class AdmissionTest {
    /** Sockets must join within a second. */
    private static TestNode impatient;
    /** Classes of 4, so 6 sockets per link; 10 per address. */
    private static TestNode small;
    /** Behind a proxy at 127.0.0.1: 2 sockets per client address, 1 new one a second (burst 3), 1 class a second (burst 3). */
    private static TestNode proxied;

    @BeforeAll
    static void start() {
        impatient = TestNode.start(TestCassandra.freshKeyspace(), "ardoise.session.join-timeout = 1s");
        small = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.room.max-participants = 4
                ardoise.http.max-sockets-per-address = 10
                # Longer than the test: only the sockets it closes give their places back.
                ardoise.session.join-timeout = 60s
                """);
        proxied = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.http.trusted-proxies = ["127.0.0.1"]
                ardoise.http.max-sockets-per-address = 2
                ardoise.http.websockets-per-address-per-second = 1
                ardoise.http.websockets-per-address-burst = 3
                ardoise.http.rooms-created-per-second = 1
                ardoise.http.rooms-created-burst = 3
                """);
    }

    @AfterAll
    static void stop() {
        for (TestNode node : new TestNode[] {impatient, small, proxied}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void a_socket_that_does_not_join_is_closed_with_4010_and_one_that_joined_stays() throws Exception {
        CreateRoomResponse room = impatient.createRoom("join timeout");
        try (WsClient idle = impatient.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient joined = impatient.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient refused = impatient.connect(room.getRoomId(), room.getStudent().getToken())) {
            joined.join(room.getStudent().getToken(), "Ada");
            refused.send(ClientFrame.newBuilder().setJoin(Join.newBuilder()
                    .setToken("not-a-token").setDisplayName("Eve")));
            assertEquals(CloseCode.JOIN_TIMEOUT, idle.awaitClose());
            assertEquals("join within 1 s", idle.closeReason());
            assertEquals(CloseCode.JOIN_TIMEOUT, refused.awaitClose(), "a refused Join is no join");
            Thread.sleep(500); // the joined socket's deadline has passed as well
            joined.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(42)));
            assertEquals(42, joined.await(ServerFrame::hasPong).getPong().getNonce());
            assertFalse(joined.isClosed());
        }
        assertTrue(metric(impatient, "ardoise_join_timeouts_total") >= 2, "operators see leaked links");
    }

    @Test
    void a_link_holds_at_most_one_and_a_half_classes_of_sockets_and_an_address_its_limit() {
        CreateRoomResponse room = small.createRoom("small class");
        String student = path(room, room.getStudent().getToken());
        String teacher = path(room, room.getTeacher().getToken());
        List<Upgrade> held = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                held.add(admitted(small, student, Map.of()));
            }
            Upgrade overLink = Upgrade.attempt(small.port(), student, Map.of());
            assertRefused(overLink, "too many connections with this link");
            // The same token written another way (its signature's base64 padded) is still the same link.
            assertRefused(Upgrade.attempt(small.port(), student + "%3D", Map.of()), "too many connections with this link");

            for (int i = 0; i < 4; i++) {
                held.add(admitted(small, teacher, Map.of())); // another link: not counted with the first
            }
            assertRefused(Upgrade.attempt(small.port(), teacher, Map.of()), "too many connections from your address");
            // Without trusted proxies, X-Forwarded-For is anyone's to write and changes nothing.
            assertRefused(Upgrade.attempt(small.port(), teacher, Map.of("X-Forwarded-For", "203.0.113.77")),
                    "too many connections from your address");

            // A socket that just goes away (no close handshake) gives back both places.
            held.remove(0).close();
            held.add(admittedWithin(small, student, Duration.ofSeconds(3)));
        } finally {
            held.forEach(Upgrade::close);
        }
        // At least: the wait for a freed place may have been refused a few times more.
        assertTrue(metric(small, "ardoise_admission_refused_total{limit=\"link\"}") >= 2);
        assertTrue(metric(small, "ardoise_admission_refused_total{limit=\"address_sockets\"}") >= 2);
    }

    @Test
    void behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() throws Exception {
        CreateRoomResponse room = createRoom(proxied, "proxied");
        String link = path(room, room.getStudent().getToken());
        List<Upgrade> held = new ArrayList<>();
        try {
            held.add(admitted(proxied, link, Map.of("X-Forwarded-For", "203.0.113.5")));
            held.add(admitted(proxied, link, Map.of("X-Forwarded-For", "198.51.100.20, 203.0.113.5")));
            assertRefused(Upgrade.attempt(proxied.port(), link, Map.of("X-Forwarded-For", "203.0.113.5")),
                    "too many connections from your address");
            // The entry a client writes itself, left of what the proxy appended, changes nothing.
            assertRefused(Upgrade.attempt(proxied.port(), link, Map.of("X-Forwarded-For", "192.0.2.1, 203.0.113.5")),
                    "too many connections from your address");
            held.add(admitted(proxied, link, Map.of("X-Forwarded-For", "203.0.113.6")));
            held.add(admitted(proxied, link, Map.of("X-Forwarded-For", "203.0.113.6, 127.0.0.1")));
        } finally {
            held.forEach(Upgrade::close);
        }
    }

    @Test
    void an_address_that_opens_sockets_too_fast_is_told_when_to_retry() throws Exception {
        CreateRoomResponse room = createRoom(proxied, "rate");
        String link = path(room, room.getStudent().getToken());
        Map<String, String> client = Map.of("X-Forwarded-For", "198.51.100.7");
        int opened = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Upgrade attempt = Upgrade.attempt(proxied.port(), link, client);
            if (attempt.status() == 101) {
                opened++;
                attempt.close();
            } else if (ProblemBody.detail(attempt.body()).startsWith("too many new connections from your address")) {
                assertRefused(attempt, "too many new connections from your address");
                assertTrue(opened >= 3, "the burst is allowed first: " + opened);
                assertTrue(metric(proxied, "ardoise_admission_refused_total{limit=\"address_rate\"}") >= 1);
                return;
            } else {
                Thread.sleep(50); // the closed sockets' places are still being given back
            }
        }
        fail("never refused for the rate, after " + opened + " sockets");
    }

    @Test
    void class_creation_is_rate_limited() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> created = proxied.post("/api/v1/rooms", "{\"title\":\"burst\"}", TestNode.API_KEY);
            if (created.statusCode() == 429) {
                assertEquals("1", created.headers().firstValue("Retry-After").orElse(""));
                assertTrue(ProblemBody.detail(created.body()).startsWith("too many classes created"), created.body());
                assertTrue(created.headers().firstValue("Content-Security-Policy").isPresent());
                assertTrue(metric(proxied, "ardoise_admission_refused_total{limit=\"rooms_created\"}") >= 1);
                return;
            }
            assertEquals(201, created.statusCode(), created.body());
        }
        fail("ten classes at once, none refused");
    }

    /** A class on the proxied node, whose creation limit the test of that limit may have used up for a second. */
    private static CreateRoomResponse createRoom(TestNode node, String title) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> created = node.post("/api/v1/rooms", "{\"title\":\"" + title + "\"}", TestNode.API_KEY);
            if (created.statusCode() == 201) {
                CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
                JsonFormat.parser().merge(created.body(), room);
                return room.build();
            }
            assertEquals(429, created.statusCode(), created.body());
            Thread.sleep(1000L * Long.parseLong(created.headers().firstValue("Retry-After").orElseThrow()));
        }
        return fail("no class created in ten tries");
    }

    /** A sample's value on the node's /metrics; 0 when it has none yet. */
    private static double metric(TestNode node, String sample) {
        return node.get("/metrics").body().lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    private static String path(CreateRoomResponse room, String token) {
        return "/ws/rooms/" + room.getRoomId() + "?token=" + token;
    }

    private static Upgrade admitted(TestNode node, String path, Map<String, String> headers) {
        Upgrade upgrade = Upgrade.attempt(node.port(), path, headers);
        assertEquals(101, upgrade.status(), upgrade.body());
        return upgrade;
    }

    private static Upgrade admittedWithin(TestNode node, String path, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Upgrade last;
        do {
            last = Upgrade.attempt(node.port(), path, Map.of());
            if (last.status() == 101) {
                return last;
            }
        } while (System.nanoTime() < deadline);
        return fail("still refused after " + wait.toMillis() + " ms: " + last.body());
    }

    private static void assertRefused(Upgrade upgrade, String reason) {
        assertEquals(429, upgrade.status(), upgrade.body());
        assertTrue(ProblemBody.detail(upgrade.body()).startsWith(reason), upgrade.body());
        assertEquals("too_many_requests", ProblemBody.parse(upgrade.body()).getError());
        long retryAfter = Long.parseLong(upgrade.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        assertTrue(upgrade.header("Content-Security-Policy").isPresent(), "refusals carry the security headers too");
        assertEquals("nosniff", upgrade.header("X-Content-Type-Options").orElse(""));
    }
}
