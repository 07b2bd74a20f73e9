package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Present;
import app.ardoise.protocol.v1.PresentedView;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Presenting over real WebSockets and a real journal: a view on the move is paced like a pointer and never written,
 * a page turn like any action; neither kind of flood reaches the journal.
 */
class PresentingTest {
    /** ardoise.session's defaults, which are also the bursts. */
    private static final int EPHEMERAL_PER_SECOND = 30;
    private static final int ACTIONS_PER_SECOND = 60;
    private static final String FIRST_PAGE = "room:1";

    private final TestNode node = TestNode.shared();

    @Test
    void a_moving_view_reaches_the_students_is_cut_to_the_ephemeral_budget_and_writes_nothing() {
        CreateRoomResponse room = node.createRoom("présentation");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            String teacherId = teacher.join(room.getTeacher().getToken(), "Mme Roux").getParticipantId();
            student.join(room.getStudent().getToken(), "Inès");
            long turned = acknowledgedSeq(teacher, teacher.send(present(0, true)));
            assertEquals(teacherId, student.await(f -> f.hasEvent() && f.getEvent().hasPresentationChanged()).getEvent().getAuthor());

            long start = System.nanoTime();
            for (int i = 1; i <= 500; i++) {
                teacher.send(present(i, false));
            }
            long chat = teacher.chat("voilà");
            List<ServerFrame> teacherSaw = teacher.until(f -> f.hasAck() && f.getAck().getClientSeq() == chat);
            assertTrue(teacherSaw.stream().noneMatch(f -> f.hasError() || f.hasPresentation()),
                    "dropped without an error, and not sent back: " + teacherSaw.stream().filter(ServerFrame::hasError).toList());
            assertEquals(turned + 1, teacherSaw.get(teacherSaw.size() - 1).getAck().getSeq(), "only the chat was written");

            List<ServerFrame> studentSaw = student.until(f -> f.hasEvent() && f.getEvent().hasChat());
            List<ServerFrame> moves = studentSaw.stream().filter(ServerFrame::hasPresentation).toList();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(moves.size() >= EPHEMERAL_PER_SECOND, "the burst gets through: " + moves.size());
            assertTrue(moves.size() <= EPHEMERAL_PER_SECOND * (1 + seconds) + 1, moves.size() + " moves in " + seconds + " s");
            assertEquals(teacherId, moves.get(0).getPresentation().getPresenter());
            assertEquals(FIRST_PAGE, moves.get(0).getPresentation().getPageId());

            try (WsClient late = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                var presented = late.join(room.getStudent().getToken(), "Léo").getRoom().getPresentation();
                assertEquals(moves.get(moves.size() - 1).getPresentation(), presented, "a newcomer lands on the view as it is now");
            }
        }
    }

    @Test
    void page_turns_past_the_actions_budget_are_refused_and_a_students_turn_is_forbidden() {
        CreateRoomResponse room = node.createRoom("tourne-pages");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            student.join(room.getStudent().getToken(), "Inès");
            long refused = student.send(present(0, true));
            ServerFrame error = student.await(ServerFrame::hasError);
            assertEquals(ErrorCode.FORBIDDEN, error.getError().getCode());
            assertEquals(refused, error.getError().getClientSeq());

            long start = System.nanoTime();
            long first = teacher.send(present(0, true));
            for (int i = 1; i < 200; i++) {
                teacher.send(present(i, true));
            }
            // A refusal is answered at once, an acknowledgement once written: they come back out of order.
            int[] answered = {0};
            List<ServerFrame> answers = teacher.until(f -> {
                long clientSeq = f.hasAck() ? f.getAck().getClientSeq() : f.hasError() ? f.getError().getClientSeq() : 0;
                return clientSeq >= first && clientSeq < first + 200 && ++answered[0] == 200;
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long written = answers.stream().filter(ServerFrame::hasAck).count();
            long limited = answers.stream().filter(f -> f.hasError() && f.getError().getCode().equals(ErrorCode.RATE_LIMITED)).count();
            assertEquals(200, written + limited, "each page turn is acknowledged or refused");
            assertTrue(written >= ACTIONS_PER_SECOND, "the burst is written: " + written);
            assertTrue(written <= ACTIONS_PER_SECOND * (1 + seconds) + 1, written + " written in " + seconds + " s");
        }
    }

    private static ClientFrame.Builder present(int step, boolean settled) {
        return ClientFrame.newBuilder().setPresent(Present.newBuilder().setPageId(FIRST_PAGE).setSettled(settled)
                .setView(PresentedView.newBuilder().setX(step).setY(-step).setZoom(1).setWidth(12_800).setHeight(8_000)));
    }

    private static long acknowledgedSeq(WsClient client, long clientSeq) {
        return client.await(f -> f.hasAck() && f.getAck().getClientSeq() == clientSeq).getAck().getSeq();
    }
}
