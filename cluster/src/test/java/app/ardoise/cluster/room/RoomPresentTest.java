package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Present;
import app.ardoise.protocol.v1.PresentedView;
import app.ardoise.protocol.v1.Presentation;
import app.ardoise.protocol.v1.RemovePage;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presenting (protocol/WHITEBOARD.md, "Presenting"): teachers alone present a live page of the board; a page turn
 * and a settled view are written and reach everyone, a view on the move is only relayed; a newcomer's Welcome, a
 * resume and a recovered class carry what is presented.
 */
class RoomPresentTest extends RoomTestBase {
    private static final String PAGE_2 = "t1:p2";
    private static final PresentedView VIEW = view(1200, -300, 1.5);
    private long clientSeq = 100;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinClassWithTwoPages() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
        board(op(1).setPage(PAGE_2).setAddPage(AddPage.newBuilder().setTitle("Page 2").setOrder("a1")));
    }

    @Test
    void a_teachers_page_turn_is_written_and_reaches_the_students() {
        RoomEvent event = present(PAGE_2, VIEW);
        assertEquals("t1", event.getAuthor());
        assertEquals(PAGE_2, event.getPresentationChanged().getPageId());
        assertEquals(VIEW, event.getPresentationChanged().getView());
        assertEquals(Presentation.newBuilder().setPageId(PAGE_2).setView(VIEW).setPresenter("t1").build(),
                room.getState().presentation());
    }

    @Test
    void a_student_may_not_present() {
        expectRefused("s1", student, present(PAGE_2, VIEW, true), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, present(FirstPage.PAGE_ID, VIEW, false), ErrorCode.FORBIDDEN);
        assertEquals(Presentation.getDefaultInstance(), room.getState().presentation());
        teacher.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void an_unknown_or_removed_page_or_a_wild_view_is_refused() {
        expectRefused("t1", teacher, present("t1:nowhere", VIEW, true), ErrorCode.NO_SUCH_PAGE);
        board(op(2).setPage(PAGE_2).setRemovePage(RemovePage.getDefaultInstance()));
        expectRefused("t1", teacher, present(PAGE_2, VIEW, true), ErrorCode.NO_SUCH_PAGE);
        for (PresentedView wild : List.of(view(0, 0, 0), view(0, 0, 100), view(Double.NaN, 0, 1),
                view(0, 0, 1).toBuilder().setWidth(-5).build(), view(0, 5e9, 1))) {
            expectRefused("t1", teacher, present(FirstPage.PAGE_ID, wild, true), ErrorCode.INVALID);
        }
        assertEquals(Presentation.getDefaultInstance(), room.getState().presentation());
        student.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void a_view_on_the_move_is_relayed_never_written_and_a_newcomer_lands_on_it() throws Exception {
        present(PAGE_2, VIEW);
        long seq = room.getState().lastSeq();
        PresentedView moved = view(1500, -200, 2);
        assertTrue(submit("t1", teacher, 0, present(PAGE_2, moved, false)).hasNoEvents(), "nothing written");
        assertEquals(Presentation.newBuilder().setPageId(PAGE_2).setView(moved).setPresenter("t1").build(),
                relayed(student).getPresentation());
        teacher.expectNoMessage(Duration.ofMillis(100));
        assertEquals(seq, room.getState().lastSeq());
        expectRefused("t1", teacher, present(FirstPage.PAGE_ID, moved, false), ErrorCode.INVALID);
        expectRefused("t1", teacher, present(PAGE_2, null, false), ErrorCode.INVALID);

        TestProbe<ToSession> late = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Late", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        assertEquals(moved, single(late).getWelcome().getRoom().getPresentation().getView(), "the view as it is now");
        drain(teacher, student);

        // A student back from a short drop replays the events, then gets the view as it moved since.
        room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, seq - 1, 1, 0, student.getRef()));
        List<ServerFrame> caughtUp = student.expectMessageClass(ToSession.Deliver.class).frames();
        assertTrue(caughtUp.get(0).getEvent().hasPresentationChanged(), caughtUp.toString());
        assertEquals(moved, caughtUp.get(caughtUp.size() - 2).getPresentation().getView(), caughtUp.toString());
        assertTrue(caughtUp.get(caughtUp.size() - 1).hasAck());
        drain(teacher, late);

        RoomEvent settled = present(PAGE_2, moved);
        assertEquals(moved, settled.getPresentationChanged().getView());
        TestProbe<ToSession> later = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s3", "Later", Role.ROLE_STUDENT, false, 0, 1, 0, later.getRef()));
        assertEquals(moved, single(later).getWelcome().getRoom().getPresentation().getView());
    }

    @Test
    void the_last_teacher_to_present_is_the_presenter() {
        TestProbe<ToSession> other = KIT.createTestProbe();
        join("t2", "Other", Role.ROLE_TEACHER, other);
        drain(teacher, student);
        present(PAGE_2, VIEW);
        drain(other);
        submit("t2", other, ++clientSeq, present(FirstPage.PAGE_ID, VIEW, true));
        RoomEvent turned = broadcast(student);
        assertEquals("t2", turned.getAuthor());
        assertEquals(FirstPage.PAGE_ID, room.getState().presentation().getPageId());
        assertEquals("t2", room.getState().presentation().getPresenter());
    }

    @Test
    void a_newcomer_and_a_recovered_class_find_the_presented_page() throws Exception {
        present(PAGE_2, VIEW);
        assertTrue(submit("t1", teacher, 0, present(PAGE_2, view(9, 9, 1), false)).hasNoEvents());
        relayed(student);

        room.restart();
        Presentation expected = Presentation.newBuilder().setPageId(PAGE_2).setView(VIEW).setPresenter("t1").build();
        assertEquals(expected, room.getState().presentation(), "as folded from the journal: the last settled view");
        TestProbe<ToSession> late = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Late", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        assertEquals(expected, single(late).getWelcome().getRoom().getPresentation());
        assertEquals(expected, RoomState.fromSnapshot(room.getState().toSnapshot(), 5, 10).presentation(),
                "and through a snapshot");
    }

    @Test
    void a_page_added_in_a_batch_not_yet_written_may_be_presented() {
        WhiteboardBatch added = WhiteboardBatch.newBuilder()
                .addOps(op(5).setPage("t1:p3").setAddPage(AddPage.newBuilder().setTitle("Page 3").setOrder("a2"))).build();
        Member author = room.getState().member("t1").orElseThrow();
        Present third = present("t1:p3", VIEW, true).getPresent();
        assertEquals(ErrorCode.NO_SUCH_PAGE,
                ((Decision.Reject) PresentRules.present(room.getState(), author, third, List.of())).code());
        assertTrue(PresentRules.present(room.getState(), author, third, List.of(added)) instanceof Decision.Accept,
                "written after the batch that adds its page");
    }

    @Test
    void a_page_turn_without_a_view_leaves_the_view_to_each_board() {
        RoomEvent event = present(PAGE_2, null);
        assertFalse(event.getPresentationChanged().hasView());
        assertFalse(room.getState().presentation().hasView());
    }

    /** A teacher's settled Present, written and sent to the student; returns the event. */
    private RoomEvent present(String page, PresentedView view) {
        long seq = ++clientSeq;
        submit("t1", teacher, seq, present(page, view, true));
        RoomEvent event = broadcast(student);
        assertTrue(event.hasPresentationChanged());
        assertEquals(event, own(teacher, seq));
        return event;
    }

    private void board(WhiteboardOp.Builder op) {
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(op)));
        assertTrue(liveThenWritten(student).hasWhiteboard());
        drain(teacher);
    }

    private static WhiteboardOp.Builder op(long lamport) {
        return WhiteboardOp.newBuilder().setId("t1:" + lamport).setLamport(lamport).setClientId("t1");
    }

    private static ClientFrame.Builder present(String page, PresentedView view, boolean settled) {
        Present.Builder present = Present.newBuilder().setPageId(page).setSettled(settled);
        if (view != null) {
            present.setView(view);
        }
        return ClientFrame.newBuilder().setPresent(present);
    }

    private static PresentedView view(double x, double y, double zoom) {
        return PresentedView.newBuilder().setX(x).setY(y).setZoom(zoom).setWidth(12_800).setHeight(8_000).build();
    }

    private static ServerFrame relayed(TestProbe<ToSession> session) throws InvalidProtocolBufferException {
        return ServerFrame.parseFrom(session.expectMessageClass(ToSession.Relay.class).frame().toArrayUnsafe());
    }
}
