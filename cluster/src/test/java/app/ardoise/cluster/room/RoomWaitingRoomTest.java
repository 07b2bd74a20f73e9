package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Admit;
import app.ardoise.protocol.v1.AdmitAll;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.LowerAllHands;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Refuse;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetEntryPolicy;
import app.ardoise.protocol.v1.SetRole;
import app.ardoise.protocol.v1.WaitingParticipant;
import app.ardoise.protocol.v1.WhiteboardBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting room: a teacher's entry policy (OPEN, ADMIT, CLOSED); under ADMIT a student waits, sees nothing of
 * the class and may do nothing but leave, until a teacher admits (one, some or all) or refuses them.
 */
class RoomWaitingRoomTest extends RoomTestBase {
    private static final String SECRET = "le code du casier est 4721";

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void classWithSomethingToHide() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Inside", Role.ROLE_STUDENT, student);
        submit("s1", student, 2, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(SECRET)));
        drain(teacher, student);
    }

    @Test
    void a_teacher_sets_the_policy_and_a_student_may_not() {
        expectRefused("s1", student, policy(EntryPolicy.ENTRY_POLICY_ADMIT), ErrorCode.FORBIDDEN);

        var result = submit("t1", teacher, 3, policy(EntryPolicy.ENTRY_POLICY_ADMIT));
        assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT,
                result.eventOfType(RoomEvent.class).getEntryPolicyChanged().getPolicy());
        assertTrue(own(teacher, 3).hasEntryPolicyChanged());
        assertTrue(broadcast(student).hasEntryPolicyChanged(), "everyone knows how the class is entered");

        assertTrue(submit("t1", teacher, 4, policy(EntryPolicy.ENTRY_POLICY_ADMIT)).hasNoEvents(), "already so");
        assertEquals(0, single(teacher).getAck().getSeq());

        room.restart();
        assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT, room.getState().entryPolicy(), "as recovered");
        TestProbe<ToSession> t2 = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Other teacher", Role.ROLE_TEACHER, false, 0, 1, 0, t2.getRef()));
        assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT, single(t2).getWelcome().getRoom().getEntryPolicy());
    }

    @Test
    void a_waiting_student_sees_nothing_until_admitted_and_a_refused_one_is_sent_away() {
        admitPolicy();
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        TestProbe<ToSession> w2 = KIT.createTestProbe();

        var waits = room.runCommand(connect("w1", "Zoé", w1));
        assertEquals("Zoé", waits.eventOfType(RoomEvent.class).getWaiting().getParticipant().getName());
        assertEquals(1, single(w1).getWaiting().getPosition());
        WaitingParticipant queued = broadcast(teacher).getWaiting().getParticipant();
        assertEquals("w1", queued.getParticipantId());
        assertTrue(queued.getSinceMs() > 0);
        student.expectNoMessage(Duration.ofMillis(50));
        assertFalse(room.getState().member("w1").isPresent(), "not on the roster");

        room.runCommand(connect("w2", "Yann", w2));
        assertEquals(2, single(w2).getWaiting().getPosition());
        assertEquals("w2", broadcast(teacher).getWaiting().getParticipant().getParticipantId());

        // The class goes on meanwhile: a waiting student is sent none of it.
        submit("s1", student, 3, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(SECRET)));
        submit("t1", teacher, 5, ClientFrame.newBuilder().setLowerAllHands(LowerAllHands.getDefaultInstance()));
        drain(teacher, student);

        for (var action : List.of(
                ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("bonjour")),
                ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()),
                ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.getDefaultInstance()),
                ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()),
                ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds("w1")))) {
            expectRefused("w1", w1, action, ErrorCode.WAITING);
        }
        assertSeesNothingOfTheClass(w1);

        // A new teacher's Welcome carries the queue; a student's never does.
        TestProbe<ToSession> t2 = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Other teacher", Role.ROLE_TEACHER, false, 0, 1, 0, t2.getRef()));
        assertEquals(List.of("w1", "w2"), single(t2).getWelcome().getRoom().getWaitingList().stream()
                .map(WaitingParticipant::getParticipantId).toList());
        assertTrue(broadcast(teacher).hasJoined());
        assertTrue(broadcast(student).hasJoined());
        submit("s1", student, 4, ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        assertEquals(0, single(student).getWelcome().getRoom().getWaitingCount(), "the queue is the teachers' business");

        expectRefused("s1", student, ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds("w1")),
                ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setRefuse(Refuse.newBuilder().addParticipantIds("w1")),
                ErrorCode.FORBIDDEN);

        var admitted = submit("t1", teacher, 6, ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds("w1")));
        assertEquals("w1", admitted.eventOfType(RoomEvent.class).getAdmitted().getParticipants(0).getParticipantId());
        assertTrue(own(teacher, 6).hasAdmitted());
        assertEquals("Zoé", broadcast(student).getAdmitted().getParticipants(0).getName(), "everyone sees them join");
        assertTrue(broadcast(t2).hasAdmitted());
        var welcome = single(w1).getWelcome();
        assertEquals("w1", welcome.getParticipantId());
        assertEquals(Role.ROLE_STUDENT, welcome.getRole());
        assertEquals(room.getState().lastSeq(), welcome.getLastSeq());
        assertTrue(welcome.getRoom().getParticipantsList().stream().anyMatch(p -> p.getId().equals("w1") && p.getConnected()));
        assertTrue(welcome.getRoom().getChatList().stream().anyMatch(m -> m.getText().equals(SECRET)), "the whole class now");
        assertEquals(0, welcome.getRoom().getWaitingCount(), "a student's Welcome");
        assertEquals(Role.ROLE_STUDENT, room.getState().member("w1").orElseThrow().role());

        // Once in, a member like any other.
        submit("w1", w1, 7, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        assertTrue(own(w1, 7).hasHandRaised());
        drain(teacher, t2, student);

        var refused = submit("t1", teacher, 8, ClientFrame.newBuilder().setRefuse(Refuse.newBuilder().addParticipantIds("w2")));
        assertEquals(List.of("w2"), refused.eventOfType(RoomEvent.class).getRefused().getParticipantIdsList());
        assertTrue(own(teacher, 8).hasRefused());
        assertTrue(broadcast(t2).hasRefused());
        assertEquals(CloseCode.REFUSED, w2.expectMessageClass(ToSession.Close.class).code());
        student.expectNoMessage(Duration.ofMillis(50));
        w1.expectNoMessage(Duration.ofMillis(50));
        assertTrue(room.getState().waiting().isEmpty());

        assertTrue(submit("t1", teacher, 9, ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds("w2")))
                .hasNoEvents(), "no longer waiting: passed over");
        assertEquals(0, single(teacher).getAck().getSeq());
    }

    @Test
    void admitting_everyone_lets_the_whole_queue_in() {
        admitPolicy();
        List<TestProbe<ToSession>> waiting = new ArrayList<>();
        for (String id : List.of("w1", "w2", "w3")) {
            TestProbe<ToSession> probe = KIT.createTestProbe();
            room.runCommand(connect(id, "Élève " + id, probe));
            assertTrue(single(probe).hasWaiting());
            waiting.add(probe);
        }
        drain(teacher);

        var result = submit("t1", teacher, 3, ClientFrame.newBuilder().setAdmitAll(AdmitAll.getDefaultInstance()));
        assertEquals(3, result.eventOfType(RoomEvent.class).getAdmitted().getParticipantsCount());
        assertEquals(3, broadcast(student).getAdmitted().getParticipantsCount());
        for (TestProbe<ToSession> probe : waiting) {
            assertEquals(5, single(probe).getWelcome().getRoom().getParticipantsCount());
        }
        assertTrue(room.getState().waiting().isEmpty());
        assertTrue(submit("t1", teacher, 4, ClientFrame.newBuilder().setAdmitAll(AdmitAll.getDefaultInstance()))
                .hasNoEvents(), "nobody left to admit");
    }

    @Test
    void a_member_made_teacher_sees_the_queue_at_once_and_made_student_again_no_longer() {
        admitPolicy();
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        room.runCommand(connect("w1", "Zoé", w1));
        drain(teacher, w1);
        student.expectNoMessage(Duration.ofMillis(50));

        submit("t1", teacher, 3, role("s1", Role.ROLE_TEACHER));
        assertTrue(own(teacher, 3).hasRoleChanged());
        assertEquals(Role.ROLE_TEACHER, broadcast(student).getRoleChanged().getRole());
        // Not from their next Welcome only: the one the promotion sends, after the RoleChanged.
        var promoted = single(student).getWelcome();
        assertEquals(Role.ROLE_TEACHER, promoted.getRole());
        assertTrue(promoted.getResumed());
        assertEquals(room.getState().lastSeq(), promoted.getLastSeq());
        assertEquals(List.of("w1"), promoted.getRoom().getWaitingList().stream().map(WaitingParticipant::getParticipantId).toList());
        assertTrue(promoted.getRoom().getChatList().stream().anyMatch(m -> m.getText().equals(SECRET)), "the whole class");
        drain(student);

        // From then on the queue's events come as to any teacher, and so may their answers.
        TestProbe<ToSession> w2 = KIT.createTestProbe();
        room.runCommand(connect("w2", "Yann", w2));
        assertEquals("w2", broadcast(student).getWaiting().getParticipant().getParticipantId());
        drain(teacher, w2);
        submit("s1", student, 3, ClientFrame.newBuilder().setAdmit(Admit.newBuilder().addParticipantIds("w2")));
        assertTrue(own(student, 3).hasAdmitted());
        drain(teacher, student, w2);

        submit("t1", teacher, 4, role("s1", Role.ROLE_STUDENT));
        assertTrue(own(teacher, 4).hasRoleChanged());
        assertEquals(Role.ROLE_STUDENT, broadcast(student).getRoleChanged().getRole());
        var demoted = single(student).getWelcome();
        assertEquals(Role.ROLE_STUDENT, demoted.getRole());
        assertEquals(0, demoted.getRoom().getWaitingCount(), "w1 still waits, for the teachers only");
        assertEquals(List.of("w1"), room.getState().waiting().stream().map(WaitingParticipant::getParticipantId).toList());
        drain(student);
        TestProbe<ToSession> w3 = KIT.createTestProbe();
        room.runCommand(connect("w3", "Inès", w3));
        assertTrue(broadcast(teacher).hasWaiting());
        student.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void a_waiting_student_who_leaves_or_disconnects_leaves_the_queue() {
        admitPolicy();
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        TestProbe<ToSession> w2 = KIT.createTestProbe();
        room.runCommand(connect("w1", "Zoé", w1));
        room.runCommand(connect("w2", "Yann", w2));
        drain(teacher, w1, w2);

        var left = submit("w1", w1, 3, ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
        assertEquals("w1", left.eventOfType(RoomEvent.class).getWaitingLeft().getParticipantId());
        assertEquals(3, single(w1).getAck().getClientSeq());
        assertEquals(CloseCode.NORMAL, w1.expectMessageClass(ToSession.Close.class).code());
        assertTrue(broadcast(teacher).hasWaitingLeft());

        var gone = room.runCommand(new RoomCommand.Detach("w2", w2.getRef()));
        assertEquals("w2", gone.eventOfType(RoomEvent.class).getWaitingLeft().getParticipantId());
        assertTrue(broadcast(teacher).hasWaitingLeft());
        student.expectNoMessage(Duration.ofMillis(50));
        assertTrue(room.getState().waiting().isEmpty());
    }

    @Test
    void the_queue_survives_a_restart_and_its_students_wait_again_where_they_were() {
        admitPolicy();
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        room.runCommand(connect("w1", "Zoé", w1));
        drain(teacher, w1);

        room.restart();
        assertEquals(List.of("w1"), room.getState().waiting().stream().map(WaitingParticipant::getParticipantId).toList());
        room.runCommand(new RoomCommand.Connect("t1", "Teacher", Role.ROLE_TEACHER, true, 0, 0, 0, teacher.getRef()));
        drain(teacher);
        assertTrue(submit("t1", teacher, 9, ClientFrame.newBuilder().setAdmitAll(AdmitAll.getDefaultInstance()))
                .hasNoEvents(), "not back yet since the restart: it could not be sent its Welcome");
        assertEquals(0, single(teacher).getAck().getSeq());
        TestProbe<ToSession> back = KIT.createTestProbe();
        var again = room.runCommand(new RoomCommand.Connect("w1", "Zoé", Role.ROLE_STUDENT, true, 0, 0, 0, back.getRef()));
        assertTrue(again.hasNoEvents(), "still waiting: not a second entry");
        assertEquals(1, single(back).getWaiting().getPosition());
        assertSeesNothingOfTheClass(back);
    }

    @Test
    void the_policy_outlives_the_end_of_a_class_and_waiting_is_not_joining() {
        admitPolicy();
        submit("t1", teacher, 2, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
        drain(teacher, student);
        assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT, room.getState().entryPolicy(), "a setting of the class");

        TestProbe<ToSession> w1 = KIT.createTestProbe();
        room.runCommand(connect("w1", "Zoé", w1));
        assertTrue(single(w1).hasWaiting(), "the next session of the class admits too");
        assertTrue(room.getState().ended(), "nobody has joined yet");
        room.restart();
        TestProbe<ToSession> back = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("w1", "Zoé", Role.ROLE_STUDENT, true, 0, 0, 0, back.getRef()));
        assertTrue(single(back).hasWaiting(), "still waiting, not closed as if resuming an ended class");

        TestProbe<ToSession> t2 = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Teacher", Role.ROLE_TEACHER, false, 0, 1, 0, t2.getRef()));
        assertEquals(1, single(t2).getWelcome().getRoom().getWaitingCount());
        submit("t2", t2, 2, ClientFrame.newBuilder().setAdmitAll(AdmitAll.getDefaultInstance()));
        assertTrue(single(back).hasWelcome());
        assertFalse(room.getState().ended());
    }

    @Test
    void deleting_the_class_closes_out_those_waiting_too() {
        // A room of its own, spawned as sharding would: the delete stops it, which the test kit's room cannot show.
        TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
        ActorRef<RoomProtocol> doomed = KIT.spawn(Room.create(
                new EntityContext<>(RoomProtocol.TYPE_KEY, "room-deleted", shard.getRef()),
                settings(), new ArdoiseMetrics(), Clock.systemUTC(), this::group));
        TestProbe<RoomInfo> info = KIT.createTestProbe();
        doomed.tell(new RoomCommand.Create("Brouillon", 0, info.getRef()));
        assertTrue(info.receiveMessage().exists());
        TestProbe<ToSession> t1 = KIT.createTestProbe();
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        doomed.tell(new RoomCommand.Connect("t1", "Teacher", Role.ROLE_TEACHER, false, 0, 1, 0, t1.getRef()));
        doomed.tell(new RoomCommand.Submit("t1", policy(EntryPolicy.ENTRY_POLICY_ADMIT).setClientSeq(2).build(), t1.getRef()));
        doomed.tell(connect("w1", "Zoé", w1));
        assertTrue(fish(w1, ToSession.Deliver.class).frames().get(0).hasWaiting());

        doomed.tell(new RoomCommand.Delete(info.getRef()));
        info.receiveMessage();
        assertEquals(CloseCode.ENDED, fish(t1, ToSession.Close.class).code());
        // Otherwise a waiting student's socket stayed open on a class erased for good, waiting for no one.
        assertEquals(CloseCode.ENDED, fish(w1, ToSession.Close.class).code(),
                "a waiting student is in the class too (README: everyone in it is closed out)");
    }

    private static <T extends ToSession> T fish(TestProbe<ToSession> session, Class<T> kind) {
        List<ToSession> got = session.fishForMessage(Duration.ofSeconds(3), message -> kind.isInstance(message)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return kind.cast(got.get(got.size() - 1));
    }

    @Test
    void a_closed_class_refuses_new_students_but_keeps_those_inside_and_lets_teachers_in() {
        submit("t1", teacher, 3, policy(EntryPolicy.ENTRY_POLICY_CLOSED));
        drain(teacher, student);

        TestProbe<ToSession> late = KIT.createTestProbe();
        var refused = room.runCommand(connect("s2", "En retard", late));
        assertTrue(refused.hasNoEvents());
        assertEquals(ErrorCode.CLASS_CLOSED, single(late).getError().getCode());
        assertEquals(CloseCode.REFUSED, late.expectMessageClass(ToSession.Close.class).code());
        teacher.expectNoMessage(Duration.ofMillis(50));

        submit("s1", student, 4, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        assertTrue(own(student, 4).hasHandRaised(), "those inside stay");
        room.runCommand(new RoomCommand.Detach("s1", student.getRef()));
        TestProbe<ToSession> back = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s1", "Inside", Role.ROLE_STUDENT, true, 0, 1, 0, back.getRef()));
        var caughtUp = back.expectMessageClass(ToSession.Deliver.class).frames();
        assertTrue(caughtUp.get(caughtUp.size() - 1).hasAck(), "and come back after a dropped connection: " + caughtUp);

        TestProbe<ToSession> t2 = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Other teacher", Role.ROLE_TEACHER, false, 0, 1, 0, t2.getRef()));
        assertTrue(single(t2).hasWelcome(), "teachers always come in");
    }

    private void admitPolicy() {
        submit("t1", teacher, 1, policy(EntryPolicy.ENTRY_POLICY_ADMIT));
        drain(teacher, student);
    }

    private static ClientFrame.Builder role(String participantId, Role role) {
        return ClientFrame.newBuilder().setSetRole(SetRole.newBuilder().setParticipantId(participantId).setRole(role));
    }

    private static ClientFrame.Builder policy(EntryPolicy policy) {
        return ClientFrame.newBuilder().setSetEntryPolicy(SetEntryPolicy.newBuilder().setPolicy(policy));
    }

    private static RoomCommand.Connect connect(String id, String name, TestProbe<ToSession> session) {
        return new RoomCommand.Connect(id, name, Role.ROLE_STUDENT, false, 0, 1, 0, session.getRef());
    }

    /**
     * Everything the session has been sent so far: only its own answers (waiting, errors, acks), never an event,
     * a broadcast, a relay or a media route; and no byte of the class's chat, roster or title in any of it.
     */
    private static void assertSeesNothingOfTheClass(TestProbe<ToSession> session) {
        List<ToSession> received = new ArrayList<>();
        while (true) {
            try {
                received.add(session.receiveMessage(Duration.ofMillis(100)));
            } catch (AssertionError none) {
                break;
            }
        }
        for (ToSession message : received) {
            if (!(message instanceof ToSession.Deliver deliver)) {
                fail("a waiting student was sent " + message);
                return;
            }
            for (ServerFrame frame : deliver.frames()) {
                assertTrue(frame.hasWaiting() || frame.hasError() || frame.hasAck(), frame.toString());
                String bytes = frame.toByteString().toString(StandardCharsets.UTF_8);
                for (String secret : List.of(SECRET, "Inside", "Teacher", "Physique")) {
                    assertFalse(bytes.contains(secret), secret + " reached a waiting student: " + frame);
                }
            }
        }
    }
}
