package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Admit;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Refuse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetEntryPolicy;
import app.ardoise.protocol.v1.WaitingParticipant;
import app.ardoise.protocol.v1.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waiting room over a real node: a student waits, seeing nothing, until a teacher admits or refuses them. */
class WaitingRoomTest {
    private static final String SECRET = "le code du casier est 4721";
    private final TestNode node = TestNode.shared();

    @Test
    void under_admit_a_student_waits_blind_then_is_admitted_or_refused() throws Exception {
        CreateRoomResponse room = node.createRoom("Salle d'attente");
        String teacherLink = room.getTeacher().getToken();
        String studentLink = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), teacherLink);
             WsClient inside = node.connect(room.getRoomId(), studentLink);
             WsClient zoe = node.connect(room.getRoomId(), studentLink);
             WsClient yann = node.connect(room.getRoomId(), studentLink);
             WsClient leaving = node.connect(room.getRoomId(), studentLink)) {
            teacher.join(teacherLink, "Teacher");
            inside.join(studentLink, "Inside");
            long set = teacher.send(ClientFrame.newBuilder().setSetEntryPolicy(
                    SetEntryPolicy.newBuilder().setPolicy(EntryPolicy.ENTRY_POLICY_ADMIT)));
            teacher.await(f -> f.hasAck() && f.getAck().getClientSeq() == set);
            inside.await(f -> f.hasEvent() && f.getEvent().hasEntryPolicyChanged());
            teacher.chat(SECRET);
            inside.await(f -> f.hasEvent() && f.getEvent().hasChat());

            assertEquals(1, waitFor(zoe, studentLink, "Zoé").getWaiting().getPosition());
            WaitingParticipant zoeWaits = teacher.await(f -> f.hasEvent() && f.getEvent().hasWaiting())
                    .getEvent().getWaiting().getParticipant();
            assertEquals("Zoé", zoeWaits.getName());
            assertEquals(2, waitFor(yann, studentLink, "Yann").getWaiting().getPosition());
            String yannId = teacher.await(f -> f.hasEvent() && f.getEvent().hasWaiting())
                    .getEvent().getWaiting().getParticipant().getParticipantId();
            waitFor(leaving, studentLink, "Léo");
            String leavingId = teacher.await(f -> f.hasEvent() && f.getEvent().hasWaiting())
                    .getEvent().getWaiting().getParticipant().getParticipantId();

            zoe.chat("bonjour");
            assertEquals(ErrorCode.WAITING, zoe.await(ServerFrame::hasError).getError().getCode());
            zoe.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
            assertEquals(ErrorCode.WAITING, zoe.await(ServerFrame::hasError).getError().getCode());
            teacher.chat("encore un secret: " + SECRET);
            assertTrue(inside.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.hasEvent() && f.getEvent().hasWaiting()),
                    "students never see the queue");

            leaving.abort();
            assertEquals(leavingId, teacher.await(f -> f.hasEvent() && f.getEvent().hasWaitingLeft())
                    .getEvent().getWaitingLeft().getParticipantId(), "a dropped connection leaves the queue");

            teacher.send(ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds(zoeWaits.getParticipantId())));
            List<ServerFrame> untilWelcome = zoe.until(ServerFrame::hasWelcome);
            untilWelcome.subList(0, untilWelcome.size() - 1).forEach(WaitingRoomTest::assertBlind);
            Welcome welcome = untilWelcome.get(untilWelcome.size() - 1).getWelcome();
            assertEquals(zoeWaits.getParticipantId(), welcome.getParticipantId());
            assertFalse(welcome.getResumeToken().isEmpty(), "a full Welcome, as if just joined");
            assertTrue(welcome.getRoom().getChatList().stream().anyMatch(m -> m.getText().equals(SECRET)));
            assertEquals("Zoé", inside.await(f -> f.hasEvent() && f.getEvent().hasAdmitted())
                    .getEvent().getAdmitted().getParticipants(0).getName(), "everyone sees her join");
            teacher.await(f -> f.hasEvent() && f.getEvent().hasAdmitted());
            long hand = zoe.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
            zoe.await(f -> f.hasAck() && f.getAck().getClientSeq() == hand);

            teacher.send(ClientFrame.newBuilder().setRefuse(Refuse.newBuilder().addParticipantIds(yannId)));
            assertEquals(CloseCode.REFUSED, yann.awaitClose());
            yann.drain(Duration.ofMillis(100)).forEach(WaitingRoomTest::assertBlind);
        }
    }

    @Test
    void a_closed_class_refuses_a_new_student_and_lets_a_teacher_in() {
        CreateRoomResponse room = node.createRoom("Fermée");
        String teacherLink = room.getTeacher().getToken();
        String studentLink = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), teacherLink);
             WsClient late = node.connect(room.getRoomId(), studentLink);
             WsClient colleague = node.connect(room.getRoomId(), teacherLink)) {
            teacher.join(teacherLink, "Teacher");
            long set = teacher.send(ClientFrame.newBuilder().setSetEntryPolicy(
                    SetEntryPolicy.newBuilder().setPolicy(EntryPolicy.ENTRY_POLICY_CLOSED)));
            teacher.await(f -> f.hasAck() && f.getAck().getClientSeq() == set);

            late.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(studentLink).setDisplayName("En retard")));
            assertEquals(ErrorCode.CLASS_CLOSED, late.await(ServerFrame::hasError).getError().getCode());
            assertEquals(CloseCode.REFUSED, late.awaitClose());
            assertEquals(1, colleague.join(teacherLink, "Colleague").getRoom().getParticipantsCount() - 1);
        }
    }

    /** Joins and returns the Waiting frame; nothing of the class may come before it. */
    private static ServerFrame waitFor(WsClient client, String link, String name) {
        client.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(link).setDisplayName(name)));
        List<ServerFrame> seen = client.until(ServerFrame::hasWaiting);
        seen.forEach(WaitingRoomTest::assertBlind);
        return seen.get(seen.size() - 1);
    }

    /** What a waiting student may get: its own answers, never an event, a Welcome or a peer's traffic. */
    private static void assertBlind(ServerFrame frame) {
        assertTrue(frame.hasWaiting() || frame.hasError() || frame.hasAck() || frame.hasPong(), frame.toString());
        String bytes = frame.toByteString().toString(StandardCharsets.UTF_8);
        for (String secret : List.of(SECRET, "Inside", "Teacher", "Salle d'attente")) {
            assertFalse(bytes.contains(secret), secret + " reached a waiting student: " + frame);
        }
    }
}
