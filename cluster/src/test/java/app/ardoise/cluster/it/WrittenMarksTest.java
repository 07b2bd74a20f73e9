package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Resume;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Written marks (protocol/WHITEBOARD.md): a client that asks for them gets each whiteboard batch of the others once,
 * as its live batch, and learns it was written from {@code written_through}; a client that does not ask gets the
 * live batch and then the written event, as before. Both end with the room's board.
 */
class WrittenMarksTest {
    private static final int BATCHES = 6;

    @Test
    void a_client_that_asks_for_marks_gets_each_batch_once_and_still_knows_what_is_written() throws Exception {
        TestNode node = TestNode.shared();
        CreateRoomResponse room = node.createRoom("Arts plastiques");
        String studentToken = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient marked = node.connect(room.getRoomId(), studentToken);
             WsClient plain = node.connect(room.getRoomId(), studentToken)) {
            Welcome teacherWelcome = teacher.join(room.getTeacher().getToken(), "Mme Morisot");
            Welcome markedWelcome = joinWithMarks(marked, studentToken, "Berthe");
            plain.join(studentToken, "Edgar");
            teacher.await(frame -> frame.hasEvent() && frame.getEvent().hasJoined()
                    && frame.getEvent().getJoined().getName().equals("Edgar"));

            LocalAuthor author = new LocalAuthor(teacherWelcome.getParticipantId(),
                    WhiteboardDoc.fromProto(teacherWelcome.getRoom().getWhiteboard()));
            String page = teacherWelcome.getRoom().getWhiteboard().getPages(0).getPageId();
            List<Long> written = draw(teacher, author, page, BATCHES);
            long last = written.get(written.size() - 1);

            // Up to the mark that covers the last batch: with no drawing after it, it comes alone on a heartbeat.
            List<ServerFrame> markedFrames = marked.until(frame -> frame.getWrittenThrough() >= last);
            assertEquals(written, liveSeqs(markedFrames), "every batch live, once");
            assertEquals(List.of(), writtenWhiteboardSeqs(markedFrames), "no batch sent again whole");
            ServerFrame lastMark = markedFrames.get(markedFrames.size() - 1);
            assertEquals(last, lastMark.getWrittenThrough());

            List<ServerFrame> plainFrames = plain.until(frame -> ServerFrames.eventsOf(frame).stream()
                    .anyMatch(event -> event.getSeq() == last));
            assertEquals(written, liveSeqs(plainFrames), "the live batches as for anyone");
            assertEquals(written, writtenWhiteboardSeqs(plainFrames), "then every written event, whole");
            assertTrue(plainFrames.stream().allMatch(frame -> frame.getWrittenThrough() == 0), "no mark unasked");

            // The marked client's board, from its Welcome and the live batches alone, is the room's.
            WhiteboardDoc board = WhiteboardDoc.fromProto(markedWelcome.getRoom().getWhiteboard());
            markedFrames.stream().filter(ServerFrame::hasLiveBatch)
                    .forEach(frame -> board.apply(frame.getLiveBatch().getWhiteboard()));
            try (WsClient newcomer = node.connect(room.getRoomId(), studentToken)) {
                Welcome late = newcomer.join(studentToken, "Camille");
                assertEquals(WhiteboardDoc.fromProto(late.getRoom().getWhiteboard()).digest(), board.digest());
            }

            // Resumed from the mark's seq, it is given nothing again: what it holds is all there is.
            marked.close();
            try (WsClient back = node.connect(room.getRoomId(), studentToken)) {
                long resume = back.send(ClientFrame.newBuilder().setResume(Resume.newBuilder()
                        .setRoom(room.getRoomId()).setLastSeq(lastMark.getWrittenThrough())
                        .setParticipantId(markedWelcome.getParticipantId())
                        .setResumeToken(markedWelcome.getResumeToken()).setWrittenMarks(true)));
                List<ServerFrame> catchUp = back.until(frame -> frame.hasAck() && frame.getAck().getClientSeq() == resume);
                assertEquals(List.of(), writtenWhiteboardSeqs(catchUp), "nothing drawn is replayed");

                List<Long> more = draw(teacher, author, page, 1);
                assertEquals(more, liveSeqs(back.until(ServerFrame::hasLiveBatch)), "and it gets the next batch live");
            }
        }
    }

    private static Welcome joinWithMarks(WsClient client, String token, String name) {
        client.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)
                .setWrittenMarks(true)));
        return client.await(ServerFrame::hasWelcome).getWelcome();
    }

    /** {@code count} rectangles, one batch each, every one acknowledged (written) before the next: their seqs. */
    private static List<Long> draw(WsClient teacher, LocalAuthor author, String page, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long clientSeq = teacher.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(
                    author.stamp(WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                            .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                            .setProps(ShapeProps.newBuilder().setX(20 * i).setY(10).setWidth(15).setHeight(15))).build()))));
            seqs.add(teacher.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == clientSeq).getAck().getSeq());
        }
        return seqs;
    }

    private static List<Long> liveSeqs(List<ServerFrame> frames) {
        return frames.stream().filter(ServerFrame::hasLiveBatch).map(frame -> frame.getLiveBatch().getSeq()).toList();
    }

    private static List<Long> writtenWhiteboardSeqs(List<ServerFrame> frames) {
        return frames.stream().flatMap(frame -> ServerFrames.eventsOf(frame).stream())
                .filter(RoomEvent::hasWhiteboard).map(RoomEvent::getSeq).toList();
    }
}
