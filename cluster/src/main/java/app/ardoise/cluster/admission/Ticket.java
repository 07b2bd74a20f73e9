package app.ardoise.cluster.admission;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted connection's place in the counts; given back once, however many times it is released. */
public final class Ticket {
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable giveBack;

    Ticket(Runnable giveBack) {
        this.giveBack = giveBack;
    }

    /** Both places, released together. */
    public static Ticket both(Ticket first, Ticket second) {
        return new Ticket(() -> {
            first.release();
            second.release();
        });
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            giveBack.run();
        }
    }
}
