package app.ardoise.protocol.whiteboard;

/**
 * A client's Lamport clock: each op it makes is stamped one past the greatest clock it has
 * seen, its own included, so an op always sorts after everything its author had seen.
 */
public final class Lamport {
    private long current;

    public Lamport(long start) {
        current = start;
    }

    /** Records a clock seen on an incoming op, or a snapshot's max_lamport. */
    public void observe(long seen) {
        if (Long.compareUnsigned(seen, current) > 0) {
            current = seen;
        }
    }

    /** The clock for the next op this client makes. */
    public long next() {
        return ++current;
    }
}
