package app.ardoise.cluster.room;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.RoomEvent;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.util.ByteString;

/**
 * The events of one journal write, as each listener gets them: those it may see, in one frame.
 * Listeners who may see the same share one encoding, so a class of 30 costs one serialization per
 * write, not 30; and a write that carries a burst of a busy class costs each listener one message.
 */
final class WriteBroadcast {
    /** Outside lectures: students see what Visibility lets them. */
    static final Predicate<RoomEvent> NOTHING_HIDDEN = event -> false;

    private final List<RoomEvent> events;
    /** In a lecture, other students' comings and goings (Lecture.hiddenFromStudents). */
    private final Predicate<RoomEvent> hiddenFromStudents;
    /** Nearly every write: no private message in it, so nothing to work out per listener. */
    private final boolean forEveryone;
    /** Rare: a quiz opened in this write, whose key students do not get. */
    private final boolean differsByRole;
    private ToSession.Broadcast toEveryone;
    private final Map<BitSet, ToSession.Broadcast> shares = new HashMap<>();

    WriteBroadcast(List<RoomEvent> events, Predicate<RoomEvent> hiddenFromStudents) {
        this.events = List.copyOf(events);
        this.hiddenFromStudents = hiddenFromStudents;
        this.forEveryone = events.stream().allMatch(event -> Visibility.forEveryone(event) && !hiddenFromStudents.test(event));
        this.differsByRole = events.stream().anyMatch(Visibility::differsByRole);
    }

    /** What this listener gets, or null when it may see none of the events. */
    ToSession.Broadcast forListener(String listenerId, boolean listenerTeaches) {
        if (forEveryone) {
            if (toEveryone == null) {
                toEveryone = encode(events);
            }
            return toEveryone;
        }
        BitSet share = new BitSet(events.size() + 1);
        for (int i = 0; i < events.size(); i++) {
            RoomEvent event = events.get(i);
            if (Visibility.canSee(listenerId, listenerTeaches, event) && (listenerTeaches || !hiddenFromStudents.test(event))) {
                share.set(i);
            }
        }
        if (share.isEmpty()) {
            return null;
        }
        // Teachers and students who see the same events share an encoding, unless one of them differs by role.
        share.set(events.size(), differsByRole && listenerTeaches);
        return shares.computeIfAbsent(share, seen -> encode(seen.stream().filter(i -> i < events.size()).mapToObj(events::get)
                .map(event -> listenerTeaches ? event : Visibility.forStudents(event))
                .toList()));
    }

    boolean any(Predicate<RoomEvent> test) {
        return events.stream().anyMatch(test);
    }

    private static ToSession.Broadcast encode(List<RoomEvent> shared) {
        return new ToSession.Broadcast(shared.get(0).getSeq(), shared.get(shared.size() - 1).getSeq(),
                ByteString.fromArrayUnsafe(ServerFrames.events(shared).toByteArray()));
    }
}
