package app.ardoise.cluster.room;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.BreakoutGroupReply;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.BreakoutGroup;
import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.BroadcastToBreakouts;
import app.ardoise.protocol.v1.ChooseBreakout;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CloseBreakouts;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.ExtendBreakouts;
import app.ardoise.protocol.v1.GoToBreakout;
import app.ardoise.protocol.v1.MoveToBreakout;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.VisitBreakout;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Breakout groups, as the class runs them: teachers alone open, move, extend, broadcast to, visit and close
 * them; a student only picks a self-chosen group. Each group is told the plan (the test plays the groups), its
 * members are sent to it once it answers, and a closed group's board comes back as pages of the class's board.
 */
class RoomBreakoutTest extends RoomTestBase {
    private final TestProbe<ToSession> student2 = KIT.createTestProbe();
    private final TestProbe<ToSession> student3 = KIT.createTestProbe();
    private long clientSeq = 100;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Ana", Role.ROLE_STUDENT, student);
        join("s2", "Ben", Role.ROLE_STUDENT, student2);
        join("s3", "Chloé", Role.ROLE_STUDENT, student3);
        drain(teacher, student, student2, student3);
    }

    @Test
    void every_teachers_breakout_action_from_a_student_is_forbidden() {
        for (ClientFrame.Builder action : List.of(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000),
                move("s2", "g1"), extend(10_000), close(), broadcast("hello"), visit("g1"))) {
            expectRefused("s1", student, action, ErrorCode.FORBIDDEN);
        }
        teacherDoes(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000));
        drain(student, student2, student3);
        for (ClientFrame.Builder action : List.of(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000),
                move("s2", "g1"), extend(10_000), close(), broadcast("hello"), visit("g1"))) {
            expectRefused("s1", student, action, ErrorCode.FORBIDDEN);
        }
        expectRefused("s1", student, choose("g2"), ErrorCode.FORBIDDEN); // the teacher dealt these groups
        assertTrue(room.getState().breakout().getOpen());
    }

    @Test
    void random_groups_deal_out_the_students_who_go_once_their_group_exists() {
        RoomEvent opened = teacherDoes(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000));
        List<BreakoutGroup> dealt = opened.getBreakoutsOpened().getGroupsList();
        assertEquals(List.of("g1", "g2"), dealt.stream().map(BreakoutGroup::getId).toList());
        assertEquals(List.of("Group 1", "Group 2"), dealt.stream().map(BreakoutGroup::getName).toList());
        Set<String> everyone = new HashSet<>();
        dealt.forEach(group -> everyone.addAll(group.getMembersList()));
        assertEquals(Set.of("s1", "s2", "s3"), everyone, "every connected student, the teacher in none");
        assertEquals(3, dealt.get(0).getMembersCount() + dealt.get(1).getMembersCount());
        assertTrue(Math.abs(dealt.get(0).getMembersCount() - dealt.get(1).getMembersCount()) <= 1, "even groups");
        BreakoutPlan plan = room.getState().breakout();
        assertEquals(opened.getTimeMs() + 60_000, plan.getEndsAtMs(), "ends on the room's clock");

        for (BreakoutGroup group : dealt) {
            RoomCommand.SetBreakout told = told(group.getId());
            assertEquals("room-1", told.plan().getClassId());
            assertTrue(told.plan().getOpen());
            assertEquals(group, BreakoutRules.group(told.plan(), group.getId()).orElseThrow());
            for (String member : group.getMembersList()) {
                sessionOf(member).expectNoMessage(Duration.ofMillis(100)); // no group to go to yet
            }
            told.replyTo().tell(new BreakoutGroupReply(group.getId(), false, WhiteboardDocument.getDefaultInstance()));
            for (String member : group.getMembersList()) {
                GoToBreakout go = single(sessionOf(member)).getGoToBreakout();
                assertEquals("room-1~" + group.getId(), go.getGroupId());
                assertEquals(group.getName(), go.getName());
                assertEquals(plan.getEndsAtMs(), go.getEndsAtMs());
            }
        }
        teacher.expectNoMessage(Duration.ofMillis(100));
        expectRefused("t1", teacher, open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000), ErrorCode.BREAKOUTS_OPEN);
    }

    @Test
    void random_and_self_chosen_groups_take_the_names_the_teachers_page_gives() {
        ClientFrame.Builder named = open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 60_000);
        named.getOpenBreakoutsBuilder()
                .addGroups(BreakoutGroup.newBuilder().setName("Groupe 1"))
                .addGroups(BreakoutGroup.newBuilder().setName(" Groupe 2 "));
        List<BreakoutGroup> dealt = teacherDoes(named).getBreakoutsOpened().getGroupsList();
        assertEquals(List.of("Groupe 1", "Groupe 2"), dealt.stream().map(BreakoutGroup::getName).toList());
        assertEquals(3, dealt.get(0).getMembersCount() + dealt.get(1).getMembersCount(), "the room still deals out the students");
    }

    @Test
    void names_for_random_groups_come_one_per_group_without_members() {
        ClientFrame.Builder tooFew = open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_SELF_CHOSEN, 2, 60_000);
        tooFew.getOpenBreakoutsBuilder().addGroups(BreakoutGroup.newBuilder().setName("Groupe 1"));
        expectRefused("t1", teacher, tooFew, ErrorCode.INVALID);
        ClientFrame.Builder withMembers = open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 1, 60_000);
        withMembers.getOpenBreakoutsBuilder().addGroups(BreakoutGroup.newBuilder().setName("Groupe 1").addMembers("s1"));
        expectRefused("t1", teacher, withMembers, ErrorCode.INVALID);
        ClientFrame.Builder tooLong = open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 1, 60_000);
        tooLong.getOpenBreakoutsBuilder().addGroups(BreakoutGroup.newBuilder().setName("x".repeat(BreakoutRules.MAX_GROUP_NAME_CHARS + 1)));
        expectRefused("t1", teacher, tooLong, ErrorCode.TOO_LARGE);
        assertEquals(BreakoutPlan.getDefaultInstance(), room.getState().breakout());
    }

    @Test
    void bad_groups_are_refused_and_change_nothing() {
        expectRefused("t1", teacher, open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 0, 60_000), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, BreakoutRules.MAX_GROUPS + 1, 60_000),
                ErrorCode.INVALID);
        expectRefused("t1", teacher, open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 2, 500), ErrorCode.INVALID);
        expectRefused("t1", teacher, open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_UNSPECIFIED, 2, 60_000), ErrorCode.INVALID);
        expectRefused("t1", teacher, manual(List.of("s1", "nobody")), ErrorCode.NO_SUCH_PARTICIPANT);
        expectRefused("t1", teacher, manual(List.of("s1", "t1")), ErrorCode.NO_SUCH_PARTICIPANT);
        expectRefused("t1", teacher, manual(List.of("s1"), List.of("s1")), ErrorCode.INVALID);
        for (ClientFrame.Builder action : List.of(move("s2", "g1"), extend(10_000), close(), broadcast("hi"), visit("g1"))) {
            expectRefused("t1", teacher, action, ErrorCode.NO_BREAKOUTS);
        }
        assertEquals(BreakoutPlan.getDefaultInstance(), room.getState().breakout());
        assertEquals(0, room.getState().breakoutGroupsMade());
    }

    @Test
    void students_pick_self_chosen_groups() {
        teacherDoes(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_SELF_CHOSEN, 2, 60_000));
        assertTrue(room.getState().breakout().getGroupsList().stream().allMatch(g -> g.getMembersCount() == 0));
        answerOpen("g1", "g2");
        drain(student, student2, student3);
        expectRefused("t1", teacher, choose("g1"), ErrorCode.INVALID);
        expectRefused("s1", student, choose("g9"), ErrorCode.NO_SUCH_GROUP);

        submit("s1", student, 7, choose("g2"));
        RoomEvent moved = broadcast(teacher);
        assertEquals("s1", moved.getAuthor());
        assertEquals("g2", moved.getBreakoutMoved().getGroupId());
        var frames = student.expectMessageClass(ToSession.Deliver.class).frames();
        assertEquals(7, frames.get(1).getAck().getClientSeq());
        assertEquals("room-1~g2", single(student).getGoToBreakout().getGroupId(), "sent to the group picked");
        assertEquals(List.of("s1"), BreakoutRules.group(room.getState().breakout(), "g2").orElseThrow().getMembersList());
        assertTrue(submit("s1", student, 8, choose("g2")).hasNoEvents(), "the same pick again changes nothing");
    }

    @Test
    void teachers_move_extend_broadcast_and_visit() {
        teacherDoes(manual(List.of("s1", "s2"), List.of("s3")));
        answerOpen("g1", "g2");
        drain(student, student2, student3);

        submit("t1", teacher, 50, move("s1", "g2"));
        assertEquals("g2", own(teacher, 50).getBreakoutMoved().getGroupId());
        assertEquals(List.of("s3", "s1"), BreakoutRules.group(room.getState().breakout(), "g2").orElseThrow().getMembersList());
        assertTrue(broadcast(student).hasBreakoutMoved());
        assertEquals("room-1~g2", single(student).getGoToBreakout().getGroupId(), "a student still here goes to the new group");
        drain(student2, student3);
        for (String group : List.of("g1", "g2")) {
            assertEquals(List.of("s3", "s1"), BreakoutRules.group(told(group).plan(), "g2").orElseThrow().getMembersList(),
                    "every group hears the move: the one the student leaves sends them on");
        }
        assertTrue(submit("t1", teacher, 9, move("s1", "g2")).hasNoEvents());
        drain(teacher);
        expectRefused("t1", teacher, move("s1", "g7"), ErrorCode.NO_SUCH_GROUP);
        expectRefused("t1", teacher, move("t1", "g1"), ErrorCode.NO_SUCH_PARTICIPANT);

        long endsAt = room.getState().breakout().getEndsAtMs();
        teacherDoes(extend(120_000));
        assertEquals(endsAt + 120_000, room.getState().breakout().getEndsAtMs());
        assertEquals(endsAt + 120_000, told("g1").plan().getEndsAtMs());
        assertEquals(endsAt + 120_000, told("g2").plan().getEndsAtMs());
        expectRefused("t1", teacher, extend(0), ErrorCode.INVALID);

        teacherDoes(broadcast("Plus que deux minutes"));
        for (String group : List.of("g1", "g2")) {
            assertEquals("Plus que deux minutes",
                    groups.get("room-1~" + group).expectMessageClass(RoomCommand.BreakoutNotice.class).text());
        }
        expectRefused("t1", teacher, broadcast(" "), ErrorCode.INVALID);

        long before = room.getState().lastSeq();
        submit("t1", teacher, 11, visit("g1"));
        var frames = teacher.expectMessageClass(ToSession.Deliver.class).frames();
        assertEquals("room-1~g1", frames.get(0).getGoToBreakout().getGroupId());
        assertEquals(11, frames.get(1).getAck().getClientSeq());
        assertEquals(before, room.getState().lastSeq(), "a visit writes nothing");
        expectRefused("t1", teacher, visit("g5"), ErrorCode.NO_SUCH_GROUP);
    }

    @Test
    void closed_groups_bring_their_boards_back_as_new_pages_even_after_a_restart() throws InterruptedException {
        teacherDoes(manual(List.of("s1"), List.of("s2")));
        answerOpen("g1", "g2");
        teacherDoes(close());
        assertFalse(room.getState().breakout().getOpen());
        RoomCommand.SetBreakout closing1 = told("g1");
        RoomCommand.SetBreakout closing2 = told("g2");
        assertFalse(closing1.plan().getOpen());

        closing1.replyTo().tell(new BreakoutGroupReply("g1", true, groupBoard("s1", 3)));
        awaitTrue("g1's board back", Duration.ofSeconds(5), () -> room.getState().breakout().getImportedCount() == 1);
        ToSession.Broadcast written = teacher.expectMessageClass(ToSession.Broadcast.class);
        assertEquals(2, written.lastSeq() - written.firstSeq() + 1, "the pages and the mark, in one write");
        PageState imported = livePages().stream().filter(p -> p.getTitle().getValue().equals("Group 1")).findFirst().orElseThrow();
        assertEquals(3, imported.getShapesCount(), "each shape the group shows");
        assertTrue(imported.getShapesList().stream().allMatch(shape -> shape.getShapeId().startsWith("room:g1-")),
                "fresh ids, the class's own");
        assertEquals(List.of("g1"), room.getState().breakout().getImportedList());
        long seq = room.getState().lastSeq();
        closing1.replyTo().tell(new BreakoutGroupReply("g1", true, groupBoard("s1", 3)));
        assertEquals(seq, room.getState().lastSeq(), "a board comes back once");

        room.restart();
        RoomCommand.SetBreakout asked = told("g2");
        assertFalse(asked.plan().getOpen(), "recovered, the class asks again the group whose board is not back");
        groups.get("room-1~g1").expectNoMessage(Duration.ofMillis(100));
        asked.replyTo().tell(new BreakoutGroupReply("g2", true, groupBoard("s2", 1)));
        awaitTrue("g2's board back", Duration.ofSeconds(5), () -> room.getState().breakout().getImportedCount() == 2);
        assertEquals(2, livePages().stream().filter(p -> p.getTitle().getValue().startsWith("Group")).count());
        closing2.replyTo().tell(new BreakoutGroupReply("g2", true, groupBoard("s2", 1)));
        assertEquals(2, room.getState().breakout().getImportedCount());
    }

    @Test
    void ending_the_class_closes_its_groups_and_brings_their_boards_back() throws InterruptedException {
        teacherDoes(manual(List.of("s1"), List.of("s2")));
        answerOpen("g1", "g2");
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));

        RoomCommand.SetBreakout closing1 = told("g1");
        RoomCommand.SetBreakout closing2 = told("g2");
        assertFalse(closing1.plan().getOpen(), "the groups hear that they are closed, and send everyone back");
        assertFalse(closing2.plan().getOpen());
        assertTrue(room.getState().ended());
        closing1.replyTo().tell(new BreakoutGroupReply("g1", true, groupBoard("s1", 2)));
        closing2.replyTo().tell(new BreakoutGroupReply("g2", true, groupBoard("s2", 1)));
        awaitTrue("both boards back in the ended class", Duration.ofSeconds(5),
                () -> room.getState().breakout().getImportedCount() == 2);
        assertEquals(2, livePages().stream().filter(p -> p.getTitle().getValue().startsWith("Group")).count());
    }

    @Test
    void the_groups_close_when_their_time_is_up_even_after_a_restart() throws InterruptedException {
        teacherDoes(open(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM, 1, 1_500));
        room.restart();
        awaitTrue("the groups closed", Duration.ofSeconds(10), () -> !room.getState().breakout().getOpen());
        RoomEvent closed = room.getState().eventsAfter(0).orElseThrow().stream()
                .filter(RoomEvent::hasBreakoutsClosed).findFirst().orElseThrow();
        assertTrue(closed.getBreakoutsClosed().getTimedOut());
        assertTrue(closed.getTimeMs() >= room.getState().breakout().getEndsAtMs(), "not before the end");
    }

    // --- helpers ---

    private RoomEvent teacherDoes(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        submit("t1", teacher, seq, frame);
        RoomEvent event = own(teacher, seq);
        drain(student, student2, student3);
        return event;
    }

    private void answerOpen(String... groupIds) {
        for (String groupId : groupIds) {
            told(groupId).replyTo().tell(new BreakoutGroupReply(groupId, false, WhiteboardDocument.getDefaultInstance()));
        }
    }

    private RoomCommand.SetBreakout told(String groupId) {
        TestProbe<RoomProtocol> group = groups.computeIfAbsent("room-1~" + groupId, id -> KIT.createTestProbe());
        return group.expectMessageClass(RoomCommand.SetBreakout.class, Duration.ofSeconds(5));
    }

    private TestProbe<ToSession> sessionOf(String id) {
        return switch (id) {
            case "s1" -> student;
            case "s2" -> student2;
            case "s3" -> student3;
            default -> throw new IllegalArgumentException(id);
        };
    }

    private List<PageState> livePages() {
        return room.getState().whiteboard().toProto().getPagesList().stream().filter(p -> p.getLife().getAlive()).toList();
    }

    /** A group's board: its first page, with {@code shapes} pens of {@code author}, one of them deleted. */
    private static WhiteboardDocument groupBoard(String author, int shapes) {
        WhiteboardDoc board = new WhiteboardDoc();
        board.apply(FirstPage.op());
        long lamport = 10;
        for (int i = 0; i <= shapes; i++) {
            board.apply(WhiteboardOp.newBuilder().setId(author + ":op" + i).setLamport(++lamport).setClientId(author)
                    .setPage(FirstPage.PAGE_ID).setCreateShape(CreateShape.newBuilder().setShapeId(author + ":" + i)
                            .setKind(ShapeKind.SHAPE_KIND_PEN).addAllPoints(List.of(0, 0, 10 * i, 10))
                            .setProps(ShapeProps.newBuilder().setStrokeColor("#123456").setStrokeWidth(3)))
                    .build());
        }
        board.apply(WhiteboardOp.newBuilder().setId(author + ":del").setLamport(++lamport).setClientId(author)
                .setPage(FirstPage.PAGE_ID).setDeleteShape(app.ardoise.protocol.v1.DeleteShape.newBuilder()
                        .setShapeId(author + ":0")).build());
        return board.toProto();
    }

    private static ClientFrame.Builder open(BreakoutAssignment assignment, int count, long durationMs) {
        return ClientFrame.newBuilder().setOpenBreakouts(OpenBreakouts.newBuilder()
                .setAssignment(assignment).setCount(count).setDurationMs(durationMs));
    }

    @SafeVarargs
    private static ClientFrame.Builder manual(List<String>... members) {
        OpenBreakouts.Builder open = OpenBreakouts.newBuilder()
                .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_MANUAL).setDurationMs(60_000);
        for (List<String> group : members) {
            open.addGroups(BreakoutGroup.newBuilder().addAllMembers(group));
        }
        return ClientFrame.newBuilder().setOpenBreakouts(open);
    }

    private static ClientFrame.Builder choose(String groupId) {
        return ClientFrame.newBuilder().setChooseBreakout(ChooseBreakout.newBuilder().setGroupId(groupId));
    }

    private static ClientFrame.Builder move(String participantId, String groupId) {
        return ClientFrame.newBuilder().setMoveToBreakout(
                MoveToBreakout.newBuilder().setParticipantId(participantId).setGroupId(groupId));
    }

    private static ClientFrame.Builder extend(long extraMs) {
        return ClientFrame.newBuilder().setExtendBreakouts(ExtendBreakouts.newBuilder().setExtraMs(extraMs));
    }

    private static ClientFrame.Builder close() {
        return ClientFrame.newBuilder().setCloseBreakouts(CloseBreakouts.getDefaultInstance());
    }

    private static ClientFrame.Builder broadcast(String text) {
        return ClientFrame.newBuilder().setBroadcastToBreakouts(BroadcastToBreakouts.newBuilder().setText(text));
    }

    private static ClientFrame.Builder visit(String groupId) {
        return ClientFrame.newBuilder().setVisitBreakout(VisitBreakout.newBuilder().setGroupId(groupId));
    }
}
