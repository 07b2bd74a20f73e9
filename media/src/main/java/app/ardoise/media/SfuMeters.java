package app.ardoise.media;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * One SFU's gauges, tagged {@code sfu=host:port}: whether it serves, and its last load report. The classes it holds
 * are where the pool placed them, so {@code ardoise_media_sfu_classes} is the placement as this node sees it.
 */
final class SfuMeters {

    private volatile boolean up;
    private volatile SfuLoad load = SfuLoad.NONE;
    private final MeterRegistry registry;
    private final List<Meter> meters;

    SfuMeters(MeterRegistry registry, String target) {
        this.registry = registry;
        Tags tags = Tags.of("sfu", target);
        meters = List.of(
                Gauge.builder("ardoise.media.sfu.up", this, m -> m.up ? 1 : 0).tags(tags)
                        .description("1 when the SFU's gRPC health check answers SERVING, else 0").register(registry),
                Gauge.builder("ardoise.media.sfu.classes", this, m -> m.load.sessions()).tags(tags)
                        .description("Classes with someone in media on the SFU, as it last reported").register(registry),
                Gauge.builder("ardoise.media.sfu.tracks", this, m -> m.load.tracks()).tags(tags)
                        .description("Tracks published to the SFU, as it last reported").register(registry),
                Gauge.builder("ardoise.media.sfu.subscribers", this, m -> m.load.subscribers()).tags(tags)
                        .description("Tracks the SFU forwards, one per subscriber and track, as it last reported")
                        .register(registry),
                Gauge.builder("ardoise.media.sfu.cpu.cores", this, m -> m.load.cpuCores()).tags(tags)
                        .description("CPU the SFU used lately, in cores, as it last reported").register(registry));
    }

    /**
     * The SFU left the pool: its series end. Micrometer would otherwise hand a returning SFU these gauges, which
     * read this object, and report it forever.
     */
    void remove() {
        meters.forEach(registry::remove);
    }

    void up(boolean serving) {
        up = serving;
    }

    void load(SfuLoad report) {
        load = report;
    }
}
