package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.WhiteboardBatch;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Which client submissions the log tail already holds, so that a client that sends one again (after
 * an {@code unavailable}, a failover, a reconnect) gets the original seq instead of a duplicate, as
 * Matrix's transaction ids do. A chat message is known by its author and {@code client_message_id};
 * a whiteboard batch by its author and its first op's clock, and counts as the same only when it is
 * the same batch. Covers what the room keeps of its log tail, as resumes do.
 */
final class Submissions {
    private record Key(String author, String kind, String id) {}

    private final Map<Key, Long> seqs = new HashMap<>();

    void written(RoomEvent event) {
        Key key = key(event);
        if (key != null) {
            seqs.put(key, event.getSeq());
        }
    }

    /** Every event has been forgotten: the pending ones after they are written. */
    void clear() {
        seqs.clear();
    }

    /** The event has left the log tail. */
    void forgotten(RoomEvent event) {
        Key key = key(event);
        if (key != null) {
            seqs.remove(key, event.getSeq());
        }
    }

    /** The seq of the written event this frame would repeat, if any; {@code events} finds an event by seq. */
    OptionalLong seqOf(String author, ClientFrame frame, LongFunction<RoomEvent> events) {
        Key key = switch (frame.getBodyCase()) {
            case CHAT -> chatKey(author, frame.getChat().getClientMessageId());
            case WHITEBOARD -> boardKey(author, frame.getWhiteboard());
            default -> null;
        };
        Long seq = key == null ? null : seqs.get(key);
        if (seq == null) {
            return OptionalLong.empty();
        }
        if (frame.hasWhiteboard()) {
            RoomEvent written = events.apply(seq);
            if (written == null || !written.getWhiteboard().equals(frame.getWhiteboard())) {
                return OptionalLong.empty(); // the same first clock but another batch: the rules judge it
            }
        }
        return OptionalLong.of(seq);
    }

    private static Key key(RoomEvent event) {
        return switch (event.getBodyCase()) {
            case CHAT -> chatKey(event.getAuthor(), event.getChat().getClientMessageId());
            case WHITEBOARD -> boardKey(event.getAuthor(), event.getWhiteboard());
            default -> null;
        };
    }

    private static Key chatKey(String author, String clientMessageId) {
        return clientMessageId.isEmpty() ? null : new Key(author, "chat", clientMessageId);
    }

    private static Key boardKey(String author, WhiteboardBatch batch) {
        return batch.getOpsCount() == 0 ? null
                : new Key(author, "board", Long.toUnsignedString(batch.getOps(0).getLamport()));
    }
}
