package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.support.StalledWebSocket;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Ping;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.Welcome;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear answer, loses nothing, and leaves the room serving everyone else. */
class BadInputTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        // A small outbound buffer and send buffer make a stalled client overflow within a second.
        node = TestNode.start(app.ardoise.persistence.testing.TestCassandra.freshKeyspace(), """
                ardoise.session.outbound-buffer = 16
                pekko.http.server.socket-options.so-send-buffer-size = 8k
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_malformed_frame_gets_an_error_and_the_connection_stays() {
        CreateRoomResponse room = node.createRoom("bad frames");
        try (WsClient client = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            client.sendRaw(new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});
            assertEquals(ErrorCode.MALFORMED, client.next().getError().getCode());
            client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(7)));
            assertEquals(7, client.next().getPong().getNonce(), "the connection still works");
        }
    }

    @Test
    void a_text_frame_gets_an_error_and_the_connection_stays() {
        CreateRoomResponse room = node.createRoom("text frames");
        try (WsClient client = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            client.sendText("{\"join\": \"me\"}");
            assertEquals(ErrorCode.TEXT_FRAME, client.next().getError().getCode());
            client.send(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(8)));
            assertEquals(8, client.next().getPong().getNonce());
        }
    }

    @Test
    void a_frame_over_the_welcomes_limit_closes_the_connection_with_1009() {
        CreateRoomResponse room = node.createRoom("big frames");
        try (WsClient client = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            int maxFrameBytes = client.join(room.getStudent().getToken(), "Bulky").getLimits().getMaxFrameBytes();
            assertEquals(64 * 1024, maxFrameBytes, "ardoise.session.max-frame-bytes");
            client.sendRaw(new byte[maxFrameBytes + 1]);
            assertEquals(CloseCode.TOO_BIG, client.awaitClose());
        }
    }

    @Test
    void a_chat_message_over_the_welcomes_limit_is_refused() throws Exception {
        CreateRoomResponse room = node.createRoom("long chat");
        try (WsClient client = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            int maxChatChars = client.join(room.getStudent().getToken(), "Verbose").getLimits().getMaxChatChars();
            assertEquals(Limits.MAX_CHAT_CHARS, maxChatChars);
            long seq = client.chat("x".repeat(maxChatChars + 1));
            ServerFrame error = client.await(ServerFrame::hasError);
            assertEquals(ErrorCode.TOO_LARGE, error.getError().getCode());
            assertEquals(seq, error.getError().getClientSeq());
            long ok = client.chat("x".repeat(maxChatChars));
            assertEquals(ok, client.await(ServerFrame::hasAck).getAck().getClientSeq());
        }
    }

    @Test
    void forged_expired_misdirected_and_unknown_room_tokens_are_refused_before_the_upgrade() {
        CreateRoomResponse room = node.createRoom("tokens");
        CreateRoomResponse other = node.createRoom("other");
        String roomId = room.getRoomId();
        String token = room.getStudent().getToken();
        String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        TokenService past = new TokenService(TestNode.TOKEN_SECRET,
                Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
        String expired = past.sign(JoinGrant.newBuilder().setRoom(roomId).setRole(Role.ROLE_TEACHER)
                .setExpiresAtEpochS(Instant.parse("2020-01-02T00:00:00Z").getEpochSecond()).build());
        String forNoRoom = past.sign(JoinGrant.newBuilder().setRoom("nosuch-class").setRole(Role.ROLE_TEACHER)
                .setExpiresAtEpochS(Instant.now().plusSeconds(3600).getEpochSecond()).build());

        assertEquals(401, handshakeStatus(roomId, forged));
        assertEquals(401, handshakeStatus(roomId, "not-a-token"));
        assertEquals(401, handshakeStatus(roomId, expired));
        assertEquals(403, handshakeStatus(roomId, other.getStudent().getToken()));
        assertEquals(404, handshakeStatus("nosuch-class", forNoRoom));
    }

    @Test
    void a_student_cannot_act_as_a_teacher_and_the_room_is_unchanged() {
        CreateRoomResponse room = node.createRoom("forbidden");
        try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Sneaky");
            long seq = student.send(ClientFrame.newBuilder().setSetLocks(
                    SetLocks.newBuilder().setLocks(Locks.newBuilder().setChatLocked(true))));
            ServerFrame error = student.await(ServerFrame::hasError);
            assertEquals(ErrorCode.FORBIDDEN, error.getError().getCode());
            assertEquals(seq, error.getError().getClientSeq());
            // A join token of the student link used in Join cannot grant the teacher role either.
            try (WsClient late = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                Welcome w = late.join(room.getStudent().getToken(), "Late");
                assertFalse(w.getRoom().getLocks().getChatLocked(), "the locks are unchanged");
                assertEquals(Role.ROLE_STUDENT, w.getRole());
            }
        }
    }

    @Test
    void a_chat_flood_is_throttled_and_nothing_acknowledged_is_lost() throws Exception {
        // The shared node's full-size outbound buffer: this client reads, it is only fast.
        TestNode node = TestNode.shared();
        CreateRoomResponse room = node.createRoom("flood");
        try (WsClient flooder = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            double chatPerSecond = flooder.join(room.getStudent().getToken(), "Flooder").getLimits().getChatPerSecond();
            assertEquals(20, chatPerSecond, "ardoise.session.chat-per-second");
            for (int i = 0; i < 60; i++) {
                flooder.chat("spam " + i);
            }
            Set<String> acked = new HashSet<>();
            int limited = 0;
            for (int answered = 0; answered < 60; ) {
                ServerFrame frame = flooder.next();
                if (frame.hasAck()) {
                    acked.add("spam " + (frame.getAck().getClientSeq() - 2));
                    answered++;
                } else if (frame.hasError()) {
                    assertEquals(ErrorCode.RATE_LIMITED, frame.getError().getCode());
                    limited++;
                    answered++;
                }
            }
            assertTrue(limited > 0, "a burst of 60 in well under a second must be throttled");
            assertTrue(acked.size() >= chatPerSecond, "the first burst is accepted: " + acked.size());
            try (WsClient reader = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
                Welcome w = reader.join(room.getTeacher().getToken(), "Checker");
                Set<String> stored = new HashSet<>(w.getRoom().getChatList().stream().map(ChatMessage::getText).toList());
                assertEquals(acked, stored, "exactly the acknowledged messages are in the class");
            }
        }
    }

    @Test
    void a_client_that_stops_reading_is_disconnected_alone() throws Exception {
        CreateRoomResponse room = node.createRoom("slow reader");
        String path = "/ws/rooms/" + room.getRoomId() + "?token=" + room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient attentive = node.connect(room.getRoomId(), room.getStudent().getToken());
             StalledWebSocket stalled = new StalledWebSocket(node.port(), path)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            attentive.join(room.getStudent().getToken(), "Attentive");
            stalled.sendBinary(ClientFrame.newBuilder().setClientSeq(1).setJoin(
                    Join.newBuilder().setToken(room.getStudent().getToken()).setDisplayName("Stalled")).build().toByteArray());
            String stalledId = teacher.await(f -> f.hasEvent() && f.getEvent().hasJoined()
                    && f.getEvent().getJoined().getName().equals("Stalled")).getEvent().getJoined().getParticipantId();

            String big = "y".repeat(Limits.MAX_CHAT_CHARS);
            boolean dropped = false;
            for (int i = 0; i < 400 && !dropped; i++) {
                teacher.chat(big);
                List<ServerFrame> seen = new ArrayList<>(teacher.until(ServerFrame::hasAck));
                seen.addAll(teacher.drain(Duration.ofMillis(20)));
                attentive.await(f -> f.hasEvent() && f.getEvent().hasChat());
                dropped = seen.stream().anyMatch(f -> f.hasEvent()
                        && f.getEvent().hasDisconnected()
                        && f.getEvent().getDisconnected().getParticipantId().equals(stalledId));
            }
            assertTrue(dropped, "the stalled client was disconnected");
            teacher.chat("still here?");
            assertEquals("still here?", attentive.await(f -> f.hasEvent() && f.getEvent().hasChat()
                    && f.getEvent().getChat().getText().length() < 20).getEvent().getChat().getText());
            stalled.drainUntilClosed();
            assertTrue(node.get("/metrics").body().lines()
                    .anyMatch(l -> l.startsWith("ardoise_slow_clients_disconnected_total") && !l.endsWith(" 0.0")));
        }
    }

    private int handshakeStatus(String roomId, String token) {
        try {
            WsClient.connectAsync(node.webSocket(roomId, token)).join().close();
            return 101;
        } catch (CompletionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            return refused.getResponse().statusCode();
        }
    }
}
