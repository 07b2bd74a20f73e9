package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.BreakoutGroupReply;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.BreakoutGroup;
import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CloseBreakouts;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.SetEntryPolicy;
import app.ardoise.protocol.v1.SetMaxParticipants;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A breakout group, as its class makes and runs it: it lets in its own students and the class's teachers, and
 * nobody else; it sends a student moved away to their new group, everyone back to the class once closed, and
 * gives its board to the class; it posts the teachers' messages; and it wakes its class when the time is up.
 */
class RoomBreakoutGroupTest extends RoomTestBase {
    private EventSourcedBehaviorTestKit<RoomProtocol, RoomEvent, RoomState> group;
    private final TestProbe<RoomProtocol> theClass = KIT.createTestProbe();
    private final TestProbe<BreakoutGroupReply> answers = KIT.createTestProbe();
    private final TestProbe<ToSession> other = KIT.createTestProbe();

    private final BreakoutPlan first = plan(true, List.of("s1"), List.of("s2"), 60_000);

    @BeforeEach
    void makeGroup() {
        TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
        EntityContext<RoomProtocol> entity = new EntityContext<>(RoomProtocol.TYPE_KEY, "room-1~g1", shard.getRef());
        group = EventSourcedBehaviorTestKit.create(KIT.system(),
                Room.create(entity, settings(), new ArdoiseMetrics(), Clock.systemUTC(), id -> theClass.getRef()),
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
        group.clear();
        tell(first);
        BreakoutGroupReply made = answers.receiveMessage();
        assertEquals("g1", made.groupId());
        assertFalse(made.closed());
    }

    @Test
    void its_class_makes_it_with_drawing_open_to_students() {
        RoomState state = group.getState();
        assertTrue(state.created() && state.isBreakoutGroup());
        assertEquals("Group 1", state.title());
        assertEquals("g1", state.breakoutGroupId());
        assertTrue(state.locks().getStudentsMayDraw() && state.locks().getStudentsSeeEachOther());
        assertTrue(state.locks().getChatLocked(), "the class's other locks");
        long seq = state.lastSeq();
        tell(first);
        assertFalse(answers.receiveMessage().closed());
        assertEquals(seq, group.getState().lastSeq(), "the same plan again writes nothing");
    }

    @Test
    void only_its_students_and_the_teachers_come_in() {
        Welcome welcome = enter("s1", Role.ROLE_STUDENT, student);
        assertEquals("g1", welcome.getRoom().getBreakoutGroupId());
        assertEquals("room-1", welcome.getRoom().getBreakout().getClassId());
        assertTrue(welcome.getRoom().getBreakout().getOpen());
        enter("t1", Role.ROLE_TEACHER, teacher);

        group.runCommand(new RoomCommand.Connect("s2", "Ben", Role.ROLE_STUDENT, false, 0, 3, 0, other.getRef()));
        assertEquals(ErrorCode.FORBIDDEN, single(other).getError().getCode());
        assertEquals(CloseCode.REFUSED, other.expectMessageClass(ToSession.Close.class).code());
        group.runCommand(new RoomCommand.Connect("s9", "Nobody", Role.ROLE_STUDENT, false, 0, 3, 0, other.getRef()));
        assertEquals(ErrorCode.FORBIDDEN, single(other).getError().getCode());
        other.expectMessageClass(ToSession.Close.class);
        assertTrue(group.getState().member("s2").isEmpty() && group.getState().member("s9").isEmpty());
    }

    @Test
    void a_student_moved_away_goes_to_the_new_group_and_may_not_come_back() {
        enter("s1", Role.ROLE_STUDENT, student);
        enter("t1", Role.ROLE_TEACHER, teacher);
        tell(plan(true, List.of(), List.of("s2", "s1"), 60_000));
        answers.receiveMessage();
        assertTrue(broadcast(teacher).hasBreakoutGroupSet(), "everyone hears the plan");
        assertTrue(broadcast(student).hasBreakoutGroupSet());
        assertEquals("room-1~g2", single(student).getGoToBreakout().getGroupId());
        assertEquals(CloseCode.MOVED, student.expectMessageClass(ToSession.Close.class).code());
        teacher.expectNoMessage(Duration.ofMillis(100));

        group.runCommand(new RoomCommand.Connect("s1", "Ana", Role.ROLE_STUDENT, true, 0, 4, 0, other.getRef()));
        assertEquals(ErrorCode.FORBIDDEN, single(other).getError().getCode(), "an old link of this group no longer opens it");
    }

    @Test
    void breakout_actions_are_the_class_s_not_the_group_s() {
        enter("s1", Role.ROLE_STUDENT, student);
        enter("t1", Role.ROLE_TEACHER, teacher);
        var open = ClientFrame.newBuilder().setOpenBreakouts(OpenBreakouts.newBuilder()
                .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM).setCount(2).setDurationMs(60_000));
        expectRefusedIn("s1", student, open, ErrorCode.FORBIDDEN);
        expectRefusedIn("t1", teacher, open, ErrorCode.INVALID);
        expectRefusedIn("t1", teacher, ClientFrame.newBuilder().setCloseBreakouts(CloseBreakouts.getDefaultInstance()),
                ErrorCode.INVALID);
    }

    /**
     * Ending a group would send its members to "the class has ended" while their class goes on; renewing a group's
     * link would refuse (410) every member of that role who reconnects, since their tokens are of generation 0.
     */
    @Test
    void ending_the_class_and_renewing_its_links_are_the_class_s_not_the_group_s() {
        enter("s1", Role.ROLE_STUDENT, student);
        enter("t1", Role.ROLE_TEACHER, teacher);
        expectRefusedIn("s1", student, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()), ErrorCode.FORBIDDEN);
        expectRefusedIn("t1", teacher, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()), ErrorCode.INVALID);
        for (Role role : List.of(Role.ROLE_STUDENT, Role.ROLE_TEACHER)) {
            expectRefusedIn("t1", teacher, ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(role)),
                    ErrorCode.INVALID);
            assertEquals(0, group.getState().linkGeneration(role));
        }
        assertFalse(group.getState().ended());
        student.expectNoMessage(Duration.ofMillis(100));
    }

    /** A group lets in whom its class's plan puts in it: an entry policy or a limit of its own would refuse them. */
    @Test
    void who_may_enter_is_the_class_s_not_the_group_s() {
        enter("t1", Role.ROLE_TEACHER, teacher);
        expectRefusedIn("t1", teacher, ClientFrame.newBuilder().setSetEntryPolicy(
                SetEntryPolicy.newBuilder().setPolicy(EntryPolicy.ENTRY_POLICY_CLOSED)), ErrorCode.INVALID);
        expectRefusedIn("t1", teacher, ClientFrame.newBuilder().setSetMaxParticipants(
                SetMaxParticipants.newBuilder().setMaxParticipants(1)), ErrorCode.INVALID);
        enter("s1", Role.ROLE_STUDENT, student);
        tell(plan(true, List.of("s1", "s2"), List.of(), 60_000));
        answers.receiveMessage();
        drain(teacher, student);
        group.runCommand(new RoomCommand.Connect("s2", "Ben", Role.ROLE_STUDENT, false, 0, 3, 0, other.getRef()));
        assertTrue(single(other).hasWelcome(), "a student moved into the group comes in");
    }

    @Test
    void a_teachers_message_is_posted_as_the_class() {
        enter("s1", Role.ROLE_STUDENT, student);
        group.runCommand(new RoomCommand.BreakoutNotice("Plus que deux minutes"));
        RoomEvent posted = broadcast(student);
        assertEquals("", posted.getAuthor());
        assertEquals("Plus que deux minutes", posted.getChat().getText());
    }

    @Test
    void closed_it_sends_everyone_back_and_gives_its_board() {
        enter("s1", Role.ROLE_STUDENT, student);
        enter("t1", Role.ROLE_TEACHER, teacher);
        group.runCommand(new RoomCommand.Submit("s1", ClientFrame.newBuilder().setClientSeq(5).setWhiteboard(
                WhiteboardBatch.newBuilder().addOps(WhiteboardOp.newBuilder().setId("s1:o1").setLamport(2).setClientId("s1")
                        .setPage(FirstPage.PAGE_ID).setCreateShape(CreateShape.newBuilder().setShapeId("s1:a")
                                .setKind(ShapeKind.SHAPE_KIND_PEN).addAllPoints(List.of(0, 0, 5, 5))
                                .setProps(ShapeProps.newBuilder().setStrokeColor("#ff0000"))))).build(), student.getRef()));
        // Written (its Ack, the teacher's copy of the event) before the close: on a loaded machine the group commit's
        // write came after a 50 ms drain, and its broadcast was then read as the close's.
        student.fishForMessage(Duration.ofSeconds(10), message -> message instanceof ToSession.Deliver deliver
                && deliver.frames().stream().anyMatch(frame -> frame.hasAck() && frame.getAck().getClientSeq() == 5)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        teacher.fishForMessage(Duration.ofSeconds(10), message -> message instanceof ToSession.Broadcast
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        drain(student, teacher);

        tell(plan(false, List.of("s1"), List.of("s2"), 60_000));
        BreakoutGroupReply closed = answers.receiveMessage();
        assertTrue(closed.closed());
        assertTrue(WhiteboardDoc.fromProto(closed.board()).shape(FirstPage.PAGE_ID, "s1:a").orElseThrow().live(),
                "the board as drawn, the last batch included");
        for (TestProbe<ToSession> session : List.of(student, teacher)) {
            broadcast(session);
            assertEquals("room-1", single(session).getBreakoutOver().getClassId());
            assertEquals(CloseCode.MOVED, session.expectMessageClass(ToSession.Close.class).code());
        }
        group.runCommand(new RoomCommand.Connect("s1", "Ana", Role.ROLE_STUDENT, true, 0, 4, 0, other.getRef()));
        assertTrue(single(other).hasBreakoutOver(), "after the end, back to the class");
        assertEquals(CloseCode.MOVED, other.expectMessageClass(ToSession.Close.class).code());
    }

    @Test
    void it_wakes_its_class_when_the_time_is_up() {
        tell(plan(true, List.of("s1"), List.of("s2"), 300));
        answers.receiveMessage();
        theClass.expectMessageClass(RoomCommand.BreakoutDue.class, Duration.ofSeconds(5));
    }

    private Welcome enter(String id, Role role, TestProbe<ToSession> session) {
        group.runCommand(new RoomCommand.Connect(id, id, role, false, 0, 1, 0, session.getRef()));
        ServerFrame frame = single(session);
        assertTrue(frame.hasWelcome(), frame.toString());
        drain(teacher, student);
        return frame.getWelcome();
    }

    private void expectRefusedIn(String id, TestProbe<ToSession> session, ClientFrame.Builder frame, String code) {
        var result = group.runCommand(new RoomCommand.Submit(id, frame.setClientSeq(42).build(), session.getRef()));
        assertTrue(result.hasNoEvents());
        assertEquals(code, single(session).getError().getCode());
    }

    private void tell(BreakoutPlan plan) {
        group.runCommand(new RoomCommand.SetBreakout("g1", plan,
                Locks.newBuilder().setChatLocked(true).build(), answers.getRef()));
    }

    private static BreakoutPlan plan(boolean open, List<String> g1, List<String> g2, long endsInMs) {
        return BreakoutPlan.newBuilder().setClassId("room-1")
                .addGroups(BreakoutGroup.newBuilder().setId("g1").setName("Group 1").addAllMembers(g1))
                .addGroups(BreakoutGroup.newBuilder().setId("g2").setName("Group 2").addAllMembers(g2))
                .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_MANUAL)
                .setEndsAtMs(System.currentTimeMillis() + endsInMs).setOpen(open).build();
    }
}
