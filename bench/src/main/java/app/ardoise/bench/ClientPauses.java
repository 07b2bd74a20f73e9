package app.ardoise.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The load client's own collections. A client that stops for a collection sees every class it measures wait
 * that long, as if the servers had paused them all at once: a run reports these beside its waits, so that a
 * wait the client made is not read as one the servers made.
 */
final class ClientPauses {
    /** One collection, as wall-clock milliseconds. */
    record Pause(String collector, long startMillis, long durationMillis) {
        long endMillis() {
            return startMillis + durationMillis;
        }
    }

    private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<Pause> pauses = new ArrayList<>();

    private ClientPauses() {
    }

    static ClientPauses watch() {
        ClientPauses watched = new ClientPauses();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    watched.add(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
        return watched;
    }

    private synchronized void add(GarbageCollectionNotificationInfo info) {
        pauses.add(new Pause(info.getGcName(), jvmStartMillis + info.getGcInfo().getStartTime(),
                info.getGcInfo().getDuration()));
    }

    synchronized long longestMillis() {
        return pauses.stream().mapToLong(Pause::durationMillis).max().orElse(0);
    }

    synchronized long countOver(long millis) {
        return pauses.stream().filter(pause -> pause.durationMillis() > millis).count();
    }

    /** The longest of the client's pauses that overlapped [from, to], 0 when none did. */
    synchronized long longestWithin(long fromMillis, long toMillis) {
        return pauses.stream().filter(pause -> pause.startMillis() <= toMillis && pause.endMillis() >= fromMillis)
                .mapToLong(Pause::durationMillis).max().orElse(0);
    }
}
