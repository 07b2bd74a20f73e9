package app.ardoise.bench;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Periodic senders that start one after another over the first half of the warm-up, so the offered
 * load ramps up while the server's JIT warms, as a real class start does, instead of hitting a cold
 * server at full rate. Each starts at a random phase of its period, so they do not send in step.
 */
final class Ramp {
    private Ramp() {}

    static ScheduledExecutorService start(List<Runnable> senders, double ratePerSecond, int warmupSeconds) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        long periodMicros = (long) (1_000_000 / ratePerSecond);
        long rampMicros = TimeUnit.SECONDS.toMicros(warmupSeconds) / 2;
        for (int i = 0; i < senders.size(); i++) {
            long start = rampMicros * i / senders.size() + ThreadLocalRandom.current().nextLong(periodMicros);
            scheduler.scheduleAtFixedRate(senders.get(i), start, periodMicros, TimeUnit.MICROSECONDS);
        }
        return scheduler;
    }
}
