package app.ardoise.cluster.room;

import org.slf4j.Logger;

/**
 * One run of a class on a node, timed for the log at debug level: how long its recovery took and how many
 * events it replayed, how long its sessions took to come back, how long its stop took. A class that moves
 * (placement by load, a drain) pauses for the sum of its stop on the old node, sharding's hand-over and these
 * phases on the new one; with pekko's sharding log at debug too, they tell where a move's time went.
 */
final class Incarnation {
    private final Logger log;
    private final String roomId;
    private final long started = System.nanoTime();
    private long recovered;
    private int replayed;
    /** Sessions the journal says are connected, waiting students included: whom a move must bring back. */
    private int expected;
    /** When the first and half of those expected were back: a slow tail and a slow start look alike at the end. */
    private long firstBack;
    private long halfBack;
    private long stopAsked;

    Incarnation(Logger log, String roomId) {
        this.log = log;
        this.roomId = roomId;
    }

    /** An event applied; counted while the class recovers. */
    void applied() {
        if (recovered == 0) {
            replayed++;
        }
    }

    void recovered(long sequenceNr, int connected) {
        recovered = System.nanoTime();
        expected = connected;
        if (log.isDebugEnabled()) {
            log.debug("class {}: recovered to {} in {} ms, {} events replayed, {} sessions to come back", roomId,
                    sequenceNr, millis(started, recovered), replayed, connected);
        }
    }

    /** A session attached; the first time all those expected are, says how long they took. */
    void attached(int attached) {
        if (expected == 0) {
            return;
        }
        long now = System.nanoTime();
        if (firstBack == 0) {
            firstBack = now;
        }
        if (halfBack == 0 && 2 * attached >= expected) {
            halfBack = now;
        }
        if (attached >= expected) {
            if (log.isDebugEnabled()) {
                log.debug("class {}: its {} sessions back {} ms after its recovery (the first after {} ms, half after"
                        + " {} ms), {} ms after its start", roomId, attached, millis(recovered, now),
                        millis(recovered, firstBack), millis(recovered, halfBack), millis(started, now));
            }
            expected = 0;
        }
    }

    void stopping(int pendingEvents, int sessions) {
        stopAsked = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("class {}: stopping, {} events to write first, {} sessions to send elsewhere", roomId,
                    pendingEvents, sessions);
        }
    }

    void stopped() {
        if (stopAsked != 0 && log.isDebugEnabled()) {
            log.debug("class {}: stopped {} ms after its stop was asked", roomId, millis(stopAsked, System.nanoTime()));
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
