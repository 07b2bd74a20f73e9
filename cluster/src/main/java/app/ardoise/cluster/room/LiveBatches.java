package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.Optional;

/**
 * The whiteboard's fast path (protocol/WHITEBOARD.md, "Live batches"): an accepted batch goes to the others as
 * the event it will be written as, before its write, so that drawing does not wait for Cassandra. Only the
 * author's Ack waits. Ops are joins, so the written event that follows changes nothing for whoever saw it live.
 */
final class LiveBatches {
    private LiveBatches() {}

    /**
     * The live frame of an accepted event, if it has one: whiteboard batches only, and only those every listener
     * may see, so that a relay (which goes to every attached session) reaches exactly who gets the written event.
     */
    static Optional<ServerFrame> of(RoomEvent accepted) {
        if (!accepted.hasWhiteboard() || !Visibility.forEveryone(accepted)) {
            return Optional.empty();
        }
        return Optional.of(ServerFrame.newBuilder().setLiveBatch(accepted).build());
    }

    /**
     * The Ack that ends a catch-up, telling the newest seq accepted: a client holding a live batch with a greater
     * seq knows it was lost with the node that relayed it, and asks for the board again.
     */
    static ServerFrame endOfCatchUp(ServerFrame ack, long acceptedSeq) {
        return ack.toBuilder().setAck(ack.getAck().toBuilder().setAcceptedSeq(acceptedSeq)).build();
    }
}
