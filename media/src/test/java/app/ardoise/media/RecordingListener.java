package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Keeps every event of a stream, in order, and lets a test wait for the next one it expects. */
final class RecordingListener implements SignalListener {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<SfuEvent> unread = new LinkedBlockingQueue<>();
    private final List<SfuEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SfuEvent event) {
        all.add(event);
        unread.add(event);
    }

    /** The next unread event of the type, skipping (but keeping in {@link #all}) the others. */
    <T extends SfuEvent> T next(Class<T> type) {
        return next(type, e -> true, WAIT);
    }

    <T extends SfuEvent> T next(Class<T> type, Predicate<T> matching, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                SfuEvent e = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    return fail("no " + type.getSimpleName() + " within " + within + "; events: " + all);
                }
                if (type.isInstance(e) && matching.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<SfuEvent> all() {
        return List.copyOf(all);
    }
}
