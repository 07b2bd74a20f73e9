package app.ardoise.cluster.session;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The part of a room's broadcast a client has not had yet. Two catch-ups can overlap after a room
 * moved, so a broadcast may start at or before the client's last seq; a client never gets an event
 * twice.
 */
final class Unseen {
    private Unseen() {}

    /** The frame holding only the events after {@code lastSeq}, or null when there are none. */
    static ByteString after(ToSession.Broadcast broadcast, long lastSeq) {
        if (broadcast.lastSeq() <= lastSeq) {
            return null;
        }
        if (broadcast.firstSeq() > lastSeq) {
            return broadcast.frame();
        }
        try {
            ServerFrame frame = ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe());
            List<RoomEvent> unseen = ServerFrames.eventsOf(frame).stream().filter(event -> event.getSeq() > lastSeq).toList();
            return ByteString.fromArrayUnsafe(ServerFrames.events(unseen).toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a room's broadcast is not a ServerFrame", e);
        }
    }
}
