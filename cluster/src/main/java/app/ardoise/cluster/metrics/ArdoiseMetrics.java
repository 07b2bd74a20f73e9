package app.ardoise.cluster.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The node's meters, scraped in Prometheus format at {@code GET /metrics}. */
public final class ArdoiseMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger roomsActive = new AtomicInteger();
    private final AtomicInteger sessionsConnected = new AtomicInteger();
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter slowClientsDisconnected;
    private final Counter ephemeralDropped;
    private final Counter writtenMarked;
    private final Counter joinTimeouts;
    private final Counter mediaMoves;
    private final Timer persistLatency;
    private final Timer joinLatency;

    public ArdoiseMetrics() {
        Gauge.builder("ardoise_rooms_active", roomsActive, AtomicInteger::get)
                .description("Rooms (classes) running on this node")
                .register(registry);
        Gauge.builder("ardoise_sessions_connected", sessionsConnected, AtomicInteger::get)
                .description("WebSocket sessions open on this node")
                .register(registry);
        framesIn = Counter.builder("ardoise_frames_in").description("Client frames received").register(registry);
        framesOut = Counter.builder("ardoise_frames_out").description("Server frames sent").register(registry);
        slowClientsDisconnected = Counter.builder("ardoise_slow_clients_disconnected")
                .description("Sessions closed because the client did not read fast enough")
                .register(registry);
        ephemeralDropped = Counter.builder("ardoise_ephemeral_dropped")
                .description("Live strokes and pointers not sent to a client whose outbound queue was filling")
                .register(registry);
        writtenMarked = Counter.builder("ardoise_written_marked")
                .description("Written whiteboard events not sent again to a client that had them as live batches")
                .register(registry);
        joinTimeouts = Counter.builder("ardoise_join_timeouts")
                .description("WebSockets closed (4010) for not joining in time: leaked or scripted links")
                .register(registry);
        mediaMoves = Counter.builder("ardoise_media_moves")
                .description("Classes whose media moved to another SFU of the pool, their SFU lost")
                .register(registry);
        persistLatency = Timer.builder("ardoise_persist_latency")
                .description("Time from a room deciding an event to the journal confirming it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        joinLatency = Timer.builder("ardoise_join_latency")
                .description("Time from a Join reaching its session to its Welcome encoded and queued for the socket;"
                        + " a class that is not running yet is recovered from the journal in between")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** For the meters of other modules (the SFU bridge's), so that one /metrics shows them all. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A class of this node moved its media off a lost SFU. */
    public void mediaMoved() {
        mediaMoves.increment();
    }

    public void roomStarted() {
        roomsActive.incrementAndGet();
    }

    public void roomStopped() {
        roomsActive.decrementAndGet();
    }

    public void sessionOpened() {
        sessionsConnected.incrementAndGet();
    }

    public void sessionClosed() {
        sessionsConnected.decrementAndGet();
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void framesOut(int count) {
        framesOut.increment(count);
    }

    public void slowClientDisconnected() {
        slowClientsDisconnected.increment();
    }

    public void writtenMarked() {
        writtenMarked.increment();
    }

    public void ephemeralDropped() {
        ephemeralDropped.increment();
    }

    public void joinTimedOut() {
        joinTimeouts.increment();
    }

    /**
     * A connection or class creation refused (429) by an admission limit. Looked up on each refusal, which
     * is rare and cheap next to the request it refuses.
     *
     * @param limit which one: link, address_sockets, address_rate, rooms_created
     */
    public void admissionRefused(String limit) {
        Counter.builder("ardoise_admission_refused")
                .description("Requests refused (429) by an admission limit, by limit")
                .tag("limit", limit)
                .register(registry)
                .increment();
    }

    public void persisted(long nanos) {
        persistLatency.record(Duration.ofNanos(nanos));
    }

    public void joined(long nanos) {
        joinLatency.record(Duration.ofNanos(nanos));
    }

    public String scrape() {
        return registry.scrape();
    }
}
