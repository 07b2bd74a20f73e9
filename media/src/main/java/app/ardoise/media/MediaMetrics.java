package app.ardoise.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's meters. Names are dotted Micrometer names; the Prometheus registry in
 * {@code cluster} renders them as {@code ardoise_media_signal_streams} and so on.
 */
final class MediaMetrics {

    private final AtomicInteger streamsOpen = new AtomicInteger();
    private final MeterRegistry registry;
    private final Counter interruptions;
    private final Counter rejoins;

    MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ardoise.media.signal.streams", streamsOpen, AtomicInteger::get)
                .description("Participants joined to the SFU through a live Signal stream")
                .register(registry);
        interruptions =
                Counter.builder("ardoise.media.signal.interruptions")
                        .description("Signal streams broken by the SFU or the network")
                        .register(registry);
        rejoins =
                Counter.builder("ardoise.media.signal.rejoins")
                        .description("Participants joined again after an interruption")
                        .register(registry);
    }

    void streamJoined() {
        streamsOpen.incrementAndGet();
    }

    void streamEnded() {
        streamsOpen.decrementAndGet();
    }

    void interrupted() {
        interruptions.increment();
    }

    void rejoined() {
        rejoins.increment();
    }

    /** The meters of one SFU of the pool. */
    SfuMeters sfu(String target) {
        return new SfuMeters(registry, target);
    }
}
