package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.BoardReport;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** The class's board and its download lock, as the PDF export asks for them (RoomCommand.GetBoard). */
class RoomBoardTest extends RoomTestBase {

    @Test
    void the_board_is_reported_without_writing_and_students_may_not_download_at_first() {
        var result = room.runCommand(RoomCommand.GetBoard::new);
        assertTrue(result.hasNoEvents());
        BoardReport report = (BoardReport) result.reply();
        assertTrue(report.exists());
        assertFalse(report.locks().getStudentsMayDownload());
        assertEquals(1, WhiteboardDoc.fromProto(report.board()).visiblePages().size(), "a new class's first page");
    }

    @Test
    void only_a_teacher_lets_students_download_and_the_lock_survives_a_restart() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
        ClientFrame.Builder allow = ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                .setLocks(Locks.newBuilder().setStudentsMayDownload(true)));
        expectRefused("s1", student, allow.clone(), "forbidden");
        assertEquals(1, submit("t1", teacher, 7, allow).events().size());

        room.restart();
        TestProbe<BoardReport> asked = KIT.createTestProbe();
        room.runCommand(new RoomCommand.GetBoard(asked.getRef()));
        assertTrue(asked.receiveMessage().locks().getStudentsMayDownload());
    }
}
