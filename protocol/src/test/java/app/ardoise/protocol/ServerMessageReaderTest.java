package app.ardoise.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.ChatPosted;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMessageReaderTest {
    private static final RoomEvent FIRST = RoomEvent.newBuilder().setSeq(4).setChat(ChatPosted.newBuilder().setText("un")).build();
    private static final RoomEvent SECOND = RoomEvent.newBuilder().setSeq(5).setChat(ChatPosted.newBuilder().setText("deux")).build();

    @Test
    void a_message_in_fragments_is_read_once_whole_and_the_next_starts_afresh() throws Exception {
        ServerMessageReader reader = new ServerMessageReader();
        byte[] events = ServerFrames.events(List.of(FIRST, SECOND)).toByteArray();
        int cut = events.length / 2;
        assertTrue(reader.read(ByteBuffer.wrap(Arrays.copyOfRange(events, 0, cut)), false).isEmpty());
        List<ServerFrame> frames = reader.read(ByteBuffer.wrap(Arrays.copyOfRange(events, cut, events.length)), true);
        assertEquals(List.of(ServerFrame.newBuilder().setEvent(FIRST).build(), ServerFrame.newBuilder().setEvent(SECOND).build()),
                frames, "an events frame is read as one event frame per event");

        ServerFrame ack = ServerFrames.ack(7, 5);
        assertEquals(List.of(ack), reader.read(ByteBuffer.wrap(ack.toByteArray()), true));
    }
}
