package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast path (protocol/WHITEBOARD.md, "Live batches"), with writes held back by a group-commit window of an hour
 * so that what happens between acceptance and write can be looked at: the others get the batch at once, its
 * author waits for the write, and a catch-up in between tells the seq the room has accepted.
 */
class RoomLiveBatchTest extends RoomTestBase {
    private static final String PAGE = FirstPage.PAGE_ID;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(3), 50, 100,
                Duration.ofHours(1), RoomTestBase.ONE_SFU, true);
    }

    @BeforeEach
    void joinBoth() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void the_others_get_a_batch_before_its_write_and_its_author_the_ack_after() throws Exception {
        long written = room.getState().lastSeq();
        submit("t1", teacher, 7, ClientFrame.newBuilder().setWhiteboard(rectangle("t1:1", 1)));

        RoomEvent live = liveBatch(student);
        assertEquals(written + 1, live.getSeq(), "the seq it will be written with");
        assertEquals("t1", live.getAuthor());
        assertEquals(rectangle("t1:1", 1).build(), live.getWhiteboard());
        assertEquals(written, room.getState().lastSeq(), "not written yet");
        teacher.expectNoMessage(Duration.ofMillis(100));

        // Anything written carries the pending batch with it: then the author gets its Ack, everyone the event.
        room.runCommand(new RoomCommand.Detach("s1", student.getRef()));
        assertEquals(live, broadcast(teacher));
        var ack = single(teacher).getAck();
        assertEquals(7, ack.getClientSeq());
        assertEquals(live.getSeq(), ack.getSeq());
        assertTrue(room.getState().lastSeq() > live.getSeq());
    }

    @Test
    void a_catch_up_tells_the_seq_accepted_beyond_the_written_ones() throws Exception {
        long written = room.getState().lastSeq();
        submit("t1", teacher, 7, ClientFrame.newBuilder().setWhiteboard(rectangle("t1:1", 1)));
        assertEquals(written + 1, liveBatch(student).getSeq());

        // The student's session resumes (its link dropped, or the class moved): the batch is still to be written.
        TestProbe<ToSession> again = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s1", "Student", Role.ROLE_STUDENT, true, written, 3, 0, again.getRef()));
        List<ServerFrame> caughtUp = again.expectMessageClass(ToSession.Deliver.class).frames();
        ServerFrame end = caughtUp.get(caughtUp.size() - 1);
        assertEquals(3, end.getAck().getClientSeq());
        assertEquals(written, end.getAck().getSeq());
        assertEquals(written + 1, end.getAck().getAcceptedSeq());

        TestProbe<ToSession> third = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Other", Role.ROLE_STUDENT, false, 0, 1, 0, third.getRef()));
        var welcome = third.expectMessageClass(ToSession.Deliver.class).frames().get(0).getWelcome();
        assertEquals(welcome.getLastSeq(), welcome.getAcceptedSeq(), "the join wrote the pending batch before it");
        assertTrue(WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()).shape(PAGE, "t1:1").isPresent());
    }

    private static RoomEvent liveBatch(TestProbe<ToSession> session) throws InvalidProtocolBufferException {
        ServerFrame frame = ServerFrame.parseFrom(session.expectMessageClass(ToSession.Relay.class).frame().toArrayUnsafe());
        assertTrue(frame.hasLiveBatch(), frame.toString());
        return frame.getLiveBatch();
    }

    private static WhiteboardBatch.Builder rectangle(String shapeId, long lamport) {
        return WhiteboardBatch.newBuilder().addOps(WhiteboardOp.newBuilder().setId("t1:" + lamport).setLamport(lamport)
                .setClientId("t1").setPage(PAGE).setCreateShape(CreateShape.newBuilder().setShapeId(shapeId)
                        .setKind(ShapeKind.SHAPE_KIND_RECTANGLE).setProps(ShapeProps.newBuilder().setX(10).setY(20)
                                .setWidth(300).setHeight(200).setStrokeColor("#000000").setStrokeWidth(20)
                                .setOpacity(100).setZIndex("a0"))));
    }
}
