package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.ChatPosted;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class UnseenTest {
    private static final List<RoomEvent> EVENTS = LongStream.rangeClosed(5, 8)
            .mapToObj(seq -> RoomEvent.newBuilder().setSeq(seq).setChat(ChatPosted.newBuilder().setText("m" + seq)).build())
            .toList();
    private static final ToSession.Broadcast WRITE = new ToSession.Broadcast(5, 8,
            ByteString.fromArrayUnsafe(ServerFrames.events(EVENTS).toByteArray()));

    @Test
    void a_broadcast_after_the_last_seq_goes_as_it_is() {
        assertSame(WRITE.frame(), Unseen.after(WRITE, 4));
    }

    @Test
    void a_broadcast_already_had_goes_nowhere() {
        assertNull(Unseen.after(WRITE, 8));
        assertNull(Unseen.after(WRITE, 12));
    }

    @Test
    void a_broadcast_overlapping_a_catch_up_loses_what_the_client_had() throws Exception {
        assertEquals(EVENTS.subList(2, 4), frame(Unseen.after(WRITE, 6)).getEvents().getEventsList());
        ServerFrame last = frame(Unseen.after(WRITE, 7));
        assertEquals(EVENTS.get(3), last.getEvent(), "one left goes as an event frame");
    }

    private static ServerFrame frame(ByteString bytes) throws Exception {
        return ServerFrame.parseFrom(bytes.toArrayUnsafe());
    }
}
