package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.ChatPosted;
import app.ardoise.protocol.v1.Poll;
import app.ardoise.protocol.v1.PollAnswered;
import app.ardoise.protocol.v1.PollOpened;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.WhiteboardBatch;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBroadcastTest {
    private static final RoomEvent PUBLIC = RoomEvent.newBuilder().setSeq(7).setAuthor("s1")
            .setChat(ChatPosted.newBuilder().setText("bonjour")).build();
    private static final RoomEvent PRIVATE = RoomEvent.newBuilder().setSeq(8).setAuthor("s1")
            .setChat(ChatPosted.newBuilder().setText("psst").setTo("s2")).build();
    private static final RoomEvent DRAWING = RoomEvent.newBuilder().setSeq(9).setAuthor("t1")
            .setWhiteboard(WhiteboardBatch.getDefaultInstance()).build();

    @Test
    void each_listener_gets_what_it_may_see_in_one_frame_encoded_once_per_share() throws Exception {
        WriteBroadcast write = new WriteBroadcast(List.of(PUBLIC, PRIVATE, DRAWING), WriteBroadcast.NOTHING_HIDDEN);

        ToSession.Broadcast toTeacher = write.forListener("t1", true);
        assertEquals(List.of(PUBLIC, PRIVATE, DRAWING), events(toTeacher));
        assertEquals(7, toTeacher.firstSeq());
        assertEquals(9, toTeacher.lastSeq());
        assertSame(toTeacher, write.forListener("s2", false), "the recipient sees the same: one encoding");
        assertSame(toTeacher, write.forListener("s1", false), "so does the author");

        ToSession.Broadcast toOther = write.forListener("s3", false);
        assertEquals(List.of(PUBLIC, DRAWING), events(toOther));
        assertEquals(7, toOther.firstSeq());
        assertEquals(9, toOther.lastSeq());
    }

    @Test
    void a_write_without_private_messages_is_one_encoding_for_all() throws Exception {
        WriteBroadcast write = new WriteBroadcast(List.of(PUBLIC, DRAWING), WriteBroadcast.NOTHING_HIDDEN);
        ToSession.Broadcast toTeacher = write.forListener("t1", true);
        assertEquals(List.of(PUBLIC, DRAWING), events(toTeacher));
        assertSame(toTeacher, write.forListener("s3", false));
    }

    @Test
    void one_event_goes_as_an_event_frame_and_none_as_nothing() throws Exception {
        ToSession.Broadcast single = new WriteBroadcast(List.of(PUBLIC, PRIVATE), WriteBroadcast.NOTHING_HIDDEN).forListener("s3", false);
        ServerFrame frame = ServerFrame.parseFrom(single.frame().toArrayUnsafe());
        assertTrue(frame.hasEvent(), "a lone event keeps the event frame every client reads");
        assertEquals(PUBLIC, frame.getEvent());
        assertEquals(7, single.firstSeq());
        assertEquals(7, single.lastSeq());

        assertNull(new WriteBroadcast(List.of(PRIVATE), WriteBroadcast.NOTHING_HIDDEN).forListener("s3", false));
    }

    @Test
    void a_quiz_opened_goes_to_students_without_its_key_and_an_answer_to_no_one() throws Exception {
        RoomEvent quiz = RoomEvent.newBuilder().setSeq(10).setAuthor("t1").setPollOpened(PollOpened.newBuilder()
                .setPoll(Poll.newBuilder().setId("p9").setQuestion("2 + 2 ?").addOptions("4").addOptions("5").addCorrect(0))).build();
        RoomEvent answer = RoomEvent.newBuilder().setSeq(11).setAuthor("s1")
                .setPollAnswered(PollAnswered.newBuilder().setPollId("p9").addChoices(0)).build();
        WriteBroadcast write = new WriteBroadcast(List.of(PUBLIC, quiz, answer), WriteBroadcast.NOTHING_HIDDEN);

        assertEquals(List.of(PUBLIC, quiz), events(write.forListener("t1", true)));
        List<RoomEvent> seen = events(write.forListener("s1", false));
        assertEquals(2, seen.size(), "not even the answerer gets the answer back");
        assertEquals(0, seen.get(1).getPollOpened().getPoll().getCorrectCount());
        assertSame(write.forListener("s1", false), write.forListener("s3", false));
        assertNull(new WriteBroadcast(List.of(answer), WriteBroadcast.NOTHING_HIDDEN).forListener("t1", true));
    }

    private static List<RoomEvent> events(ToSession.Broadcast broadcast) throws InvalidProtocolBufferException {
        ServerFrame frame = ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe());
        assertTrue(frame.hasEvents(), frame.getBodyCase().toString());
        return frame.getEvents().getEventsList();
    }
}
