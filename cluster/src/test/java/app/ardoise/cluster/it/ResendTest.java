package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
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
 * A client that sends too much never makes duplicates: the same chat message or whiteboard batch sent again,
 * at once or after the class has moved to a new node, is acknowledged with the seq of the one written.
 */
class ResendTest {

    @Test
    void the_same_message_sent_many_times_at_once_is_written_once() throws Exception {
        TestNode node = TestNode.shared();
        CreateRoomResponse room = node.createRoom("Anglais");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Ms Smith");
            student.join(room.getStudent().getToken(), "Lina");
            teacher.await(frame -> frame.hasEvent() && frame.getEvent().hasJoined());
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(student.send(chat("hello", "lina-1")));
            }
            List<Long> acked = new ArrayList<>();
            for (long clientSeq : sent) {
                acked.add(student.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == clientSeq).getAck().getSeq());
            }
            assertEquals(1, acked.stream().distinct().count(), "every copy acknowledged with one seq: " + acked);
            List<ServerFrame> seen = teacher.drain(Duration.ofMillis(500));
            long chats = seen.stream().filter(frame -> frame.hasEvent() && frame.getEvent().hasChat()).count()
                    + seen.stream().filter(ServerFrame::hasEvents)
                            .mapToLong(frame -> frame.getEvents().getEventsList().stream().filter(e -> e.hasChat()).count()).sum();
            assertEquals(1, chats, "the others saw the message once");
        }
    }

    @Test
    void a_message_and_a_batch_sent_again_after_the_class_moved_to_a_new_node_are_not_written_twice() {
        String keyspace = TestCassandra.freshKeyspace();
        CreateRoomResponse room;
        Welcome welcome;
        ClientFrame.Builder batch;
        long chatSeq;
        long batchSeq;
        try (TestNode first = TestNode.start(keyspace, "")) {
            room = first.createRoom("Sciences");
            try (WsClient teacher = first.connect(room.getRoomId(), room.getTeacher().getToken())) {
                welcome = teacher.join(room.getTeacher().getToken(), "M. Curie");
                WhiteboardDoc doc = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
                LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), doc);
                String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
                batch = ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(author.stamp(
                        WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                                .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                                .setProps(ShapeProps.newBuilder().setX(10).setY(10).setWidth(40).setHeight(40))).build())));
                chatSeq = ackOf(teacher, teacher.send(chat("bonjour", "curie-1")));
                batchSeq = ackOf(teacher, teacher.send(batch.clone()));
            }
        }
        try (TestNode second = TestNode.start(keyspace, "");
             WsClient teacher = second.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.resume(room.getRoomId(), welcome, batchSeq);
            long resumed = teacher.await(ServerFrame::hasAck).getAck().getSeq();
            assertEquals(chatSeq, ackOf(teacher, teacher.send(chat("bonjour", "curie-1"))));
            assertEquals(batchSeq, ackOf(teacher, teacher.send(batch.clone())));
            teacher.send(ClientFrame.newBuilder().setResync(app.ardoise.protocol.v1.Resync.getDefaultInstance()));
            Welcome now = teacher.await(ServerFrame::hasWelcome).getWelcome();
            assertEquals(resumed, now.getLastSeq(), "nothing written since the resume");
            assertEquals(1, now.getRoom().getChatList().stream().filter(m -> m.getText().equals("bonjour")).count());
            assertTrue(resumed > batchSeq, "the resume itself was written (the teacher is connected again)");
        }
    }

    private static ClientFrame.Builder chat(String text, String id) {
        return ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text).setClientMessageId(id));
    }

    private static long ackOf(WsClient client, long clientSeq) {
        ServerFrame answer = client.await(frame -> (frame.hasAck() && frame.getAck().getClientSeq() == clientSeq)
                || (frame.hasError() && frame.getError().getClientSeq() == clientSeq));
        assertTrue(answer.hasAck(), answer.toString());
        return answer.getAck().getSeq();
    }
}
