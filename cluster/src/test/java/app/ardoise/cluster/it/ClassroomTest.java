package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Teachers and students in one class over real WebSockets, with the room persisted in Cassandra. */
class ClassroomTest {
    private final TestNode node = TestNode.shared();

    @Test
    void participants_see_each_other_join_and_chat_in_the_same_order() {
        CreateRoomResponse room = node.createRoom("Maths 4B");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome t = teacher.join(room.getTeacher().getToken(), "Mme Durand");
            assertEquals(Role.ROLE_TEACHER, t.getRole());
            assertEquals("Maths 4B", t.getRoom().getTitle());

            Welcome s = student.join(room.getStudent().getToken(), "Léa");
            assertEquals(Role.ROLE_STUDENT, s.getRole());
            assertEquals(List.of("Mme Durand", "Léa"),
                    s.getRoom().getParticipantsList().stream().map(Participant::getName).toList());
            RoomEvent joined = teacher.await(ServerFrame::hasEvent).getEvent();
            assertEquals("Léa", joined.getJoined().getName());
            assertEquals(s.getLastSeq(), joined.getSeq());

            for (int i = 0; i < 5; i++) {
                teacher.chat("teacher " + i);
                student.chat("student " + i);
            }
            List<String> seenByTeacher = chatTexts(teacher, 10);
            List<String> seenByStudent = chatTexts(student, 10);
            assertEquals(seenByTeacher, seenByStudent, "both see the same chat in the same order");
            assertEquals(10, seenByTeacher.size());
        }
    }

    /**
     * Messages sent while the room is writing go to the journal together and reach each listener as
     * one frame of several events: every client must still see each once, in seq order, each author
     * its ack after its event, and a private message only where it may go. (How many writes carry
     * several depends on timing, 1 or 2 frames per client here; WriteBroadcastTest checks the frames.)
     */
    @Test
    void a_burst_written_in_group_commits_reaches_everyone_once_in_order() throws Exception {
        CreateRoomResponse room = node.createRoom("Burst");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient alice = node.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient bob = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome t = teacher.join(room.getTeacher().getToken(), "Teacher");
            alice.join(room.getStudent().getToken(), "Alice");
            bob.join(room.getStudent().getToken(), "Bob");
            List<WsClient> clients = List.of(teacher, alice, bob);
            for (WsClient client : clients) {
                client.drain(Duration.ofMillis(300));
            }

            int each = 15;
            Map<WsClient, Set<Long>> sent = new HashMap<>();
            for (int i = 0; i < each; i++) {
                for (WsClient client : clients) {
                    long clientSeq = client == alice && i == 0
                            ? alice.chatTo(t.getParticipantId(), "alice to the teacher")
                            : client.chat(client == teacher ? "t" + i : client == alice ? "a" + i : "b" + i);
                    sent.computeIfAbsent(client, c -> new HashSet<>()).add(clientSeq);
                }
            }

            Map<WsClient, List<RoomEvent>> seen = new HashMap<>();
            for (WsClient client : clients) {
                int expected = client == bob ? 3 * each - 1 : 3 * each;
                List<RoomEvent> events = new ArrayList<>();
                Set<Long> acked = new HashSet<>();
                while (acked.size() < each || events.size() < expected) {
                    ServerFrame frame = client.next();
                    assertFalse(frame.hasError(), frame.toString());
                    if (frame.hasEvent() && frame.getEvent().hasChat()) {
                        events.add(frame.getEvent());
                    } else if (frame.hasAck()) {
                        long seq = frame.getAck().getSeq();
                        assertTrue(events.stream().anyMatch(e -> e.getSeq() == seq), "the event of ack " + seq + " came first");
                        acked.add(frame.getAck().getClientSeq());
                    }
                }
                assertEquals(sent.get(client), acked, "every message acknowledged");
                for (int i = 1; i < events.size(); i++) {
                    assertTrue(events.get(i).getSeq() > events.get(i - 1).getSeq(), "each once, in seq order");
                }
                seen.put(client, events);
            }
            assertEquals(seen.get(teacher), seen.get(alice));
            assertEquals(seen.get(teacher).stream().filter(e -> e.getChat().getTo().isEmpty()).toList(), seen.get(bob),
                    "bob sees everything but the message to the teacher");
        }
    }

    @Test
    void a_private_message_reaches_its_recipient_and_the_teachers_only() throws Exception {
        CreateRoomResponse room = node.createRoom("Private");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient colleague = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient alice = node.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient bob = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome t = teacher.join(room.getTeacher().getToken(), "Teacher");
            colleague.join(room.getTeacher().getToken(), "Colleague");
            Welcome a = alice.join(room.getStudent().getToken(), "Alice");
            Welcome b = bob.join(room.getStudent().getToken(), "Bob");

            // A student writes privately to a teacher only (README, "Chat").
            alice.chatTo(b.getParticipantId(), "psst bob");
            assertEquals(ErrorCode.FORBIDDEN, alice.await(f -> f.hasError()).getError().getCode());

            alice.chatTo(t.getParticipantId(), "a question for you");
            RoomEvent atTeacher = teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent();
            assertEquals("a question for you", atTeacher.getChat().getText());
            RoomEvent atColleague = colleague.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent();
            assertEquals(atTeacher.getSeq(), atColleague.getSeq(), "every teacher reads it");
            alice.await(f -> f.hasAck());

            teacher.chatTo(a.getParticipantId(), "for alice only");
            alice.await(f -> f.hasEvent() && f.getEvent().hasChat());
            assertTrue(bob.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.hasEvent() && f.getEvent().hasChat()),
                    "bob sees neither the message to the teacher nor the one to alice");

            try (WsClient carol = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                Welcome c = carol.join(room.getStudent().getToken(), "Carol");
                assertTrue(c.getRoom().getChatList().isEmpty(), "a late joiner sees no one else's private chat");
            }
        }
    }

    @Test
    void raised_hands_show_in_the_participant_list_and_a_teacher_lowers_them() {
        CreateRoomResponse room = node.createRoom("Hands");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            Welcome s = student.join(room.getStudent().getToken(), "Student");
            student.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
            RoomEvent raised = teacher.await(f -> f.hasEvent() && f.getEvent().hasHandRaised()).getEvent();
            assertEquals(s.getParticipantId(), raised.getHandRaised().getParticipantId());

            try (WsClient late = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                Welcome l = late.join(room.getStudent().getToken(), "Late");
                Participant shown = l.getRoom().getParticipantsList().stream()
                        .filter(p -> p.getId().equals(s.getParticipantId())).findFirst().orElseThrow();
                assertTrue(shown.getHandRaised());
            }
            teacher.send(ClientFrame.newBuilder().setLowerAllHands(
                    app.ardoise.protocol.v1.LowerAllHands.getDefaultInstance()));
            assertTrue(student.await(f -> f.hasEvent() && f.getEvent().hasAllHandsLowered()).hasEvent());
            try (WsClient late = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                Welcome l = late.join(room.getStudent().getToken(), "Later");
                assertFalse(l.getRoom().getParticipantsList().stream().anyMatch(Participant::getHandRaised));
            }
        }
    }

    private static List<String> chatTexts(WsClient client, int count) {
        return client.until(new java.util.function.Predicate<>() {
                    int seen;

                    @Override
                    public boolean test(ServerFrame f) {
                        return f.hasEvent() && f.getEvent().hasChat() && ++seen == count;
                    }
                }).stream()
                .filter(f -> f.hasEvent() && f.getEvent().hasChat())
                .map(f -> f.getEvent().getSeq() + ":" + f.getEvent().getChat().getText())
                .collect(Collectors.toList());
    }
}
