package app.ardoise.media;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The node's connection to one SFU of its pool ({@link SfuPool}): a single gRPC channel (HTTP/2 multiplexes every
 * participant's Signal stream on it), a health poll for readiness, and the factory of
 * {@link SignalStream}s.
 *
 * <p>Thread-safe. One instance per node and SFU; {@link #close} on shutdown.
 */
public final class SfuClient implements AutoCloseable {

    private final MediaSettings settings;
    private final ManagedChannel channel;
    private final ScheduledExecutorService timer;
    private final MediaMetrics metrics;
    private final SfuHealth health;
    private final LoadPoll load;
    private final Backoff backoff;
    private final Set<SignalStream> streams = ConcurrentHashMap.newKeySet();
    private final SfuMeters meters;
    /** Set while the SFU has left its pool: run once the client closed, when its last stream ended. Guarded by this. */
    private Runnable whenRetired;
    /** Guarded by this. */
    private boolean closed;

    private SfuClient(MediaSettings settings, MediaMetrics metrics) {
        this.settings = settings;
        this.channel =
                Grpc.newChannelBuilder(settings.sfuTarget(), InsecureChannelCredentials.create())
                        .keepAliveTime(settings.keepaliveTime().toMillis(), TimeUnit.MILLISECONDS)
                        .keepAliveTimeout(settings.keepaliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        // Pings only guard open streams; an idle node has nothing to lose.
                        .keepAliveWithoutCalls(false)
                        .build();
        // One small thread for health polls, re-join delays and join timeouts; the work it does is
        // only to hand tasks to the streams, which run them without blocking.
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "ardoise-sfu-timer");
                            t.setDaemon(true);
                            return t;
                        });
        this.metrics = metrics;
        this.meters = metrics.sfu(settings.sfuTarget());
        this.health = new SfuHealth(channel, settings, meters);
        this.load = new LoadPoll(channel, settings.healthCheckTimeout(), meters);
        this.backoff =
                new Backoff(
                        settings.rejoinBackoffMin(),
                        settings.rejoinBackoffMax(),
                        () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Opens the channel (lazily: nothing fails if the SFU is down) and starts the health poll. */
    public static SfuClient start(MediaSettings settings, MeterRegistry registry) {
        return start(settings, new MediaMetrics(registry));
    }

    /** A client of one SFU of a pool, whose clients share the bridge's meters. */
    static SfuClient start(MediaSettings settings, MediaMetrics metrics) {
        SfuClient client = new SfuClient(settings, metrics);
        client.health.start(client.timer);
        client.load.start(client.timer, settings.healthCheckInterval());
        return client;
    }

    /** host:port of this SFU. */
    public String target() {
        return settings.sfuTarget();
    }

    /** What the SFU last reported of its load. */
    public SfuLoad load() {
        return load.last();
    }

    LoadPoll loadPoll() {
        return load;
    }

    /**
     * Joins a participant to its room's SFU session on a new Signal stream. The outcome comes to
     * the listener ({@link SfuEvent.Joined} or {@link SfuEvent.JoinFailed}; {@link
     * SfuEvent.Interrupted} first if the SFU cannot be reached, in which case the join is retried).
     */
    public SignalStream join(Join join, SignalListener listener) {
        SignalStream stream =
                new SignalStream(join, channel, listener, settings, backoff, timer, metrics, this::ended);
        streams.add(stream);
        stream.start();
        return stream;
    }

    /** The SFU's recorder, on the same channel. */
    public RecorderClient recorder() {
        return new RecorderClient(channel, settings.joinTimeout());
    }

    /** The SFU's relay, which brings other SFUs' tracks of a class into this one, on the same channel. */
    public RelayClient relay() {
        return new RelayClient(channel, settings.joinTimeout());
    }

    /**
     * Watches what the SFU measures of participant {@code uid} of session {@code sid} (talk and camera time), reported
     * every {@code every} while it changes; a broken stream is opened again after the re-join backoff.
     */
    public ActivityWatch watchActivity(String sid, String uid, Duration every, ActivityWatch.Listener listener) {
        ActivityWatch watch = new ActivityWatch(channel, sid, uid, every, listener, timer, backoff);
        watch.start();
        return watch;
    }

    /** Readiness: whether the SFU answered SERVING to the last health poll. */
    public boolean isServing() {
        return health.serving();
    }

    /** A health check now, for a readiness probe that wants a fresh answer. */
    public CompletableFuture<Boolean> checkHealth() {
        return health.check();
    }

    /** A health check that does not wait for a connection: false at once when the SFU refuses connections. */
    CompletableFuture<Boolean> probe() {
        return health.check(false);
    }

    public MediaSettings settings() {
        return settings;
    }

    private void ended(SignalStream stream) {
        streams.remove(stream);
        synchronized (this) {
            closeIfRetiredAndIdle();
        }
    }

    /**
     * The SFU left the pool (no node advertises it any more): the client closes as soon as no participant's stream
     * uses it, which may be at once, then runs {@code closed}. Classes placed there still reach it until then.
     */
    synchronized void retire(Runnable closed) {
        whenRetired = closed;
        closeIfRetiredAndIdle();
    }

    /** The SFU is back in the pool: false when its client has already closed, and a new one is needed. */
    synchronized boolean keep() {
        whenRetired = null;
        return !closed;
    }

    private void closeIfRetiredAndIdle() {
        if (whenRetired != null && streams.isEmpty() && !closed) {
            closed = true;
            Runnable then = whenRetired;
            // Not on the stream's thread: closing waits for the channel, whose threads may be the caller.
            CompletableFuture.runAsync(() -> {
                close();
                then.run();
            });
        }
    }

    /** Every participant leaves, then the channel closes and the SFU's gauges go. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        meters.remove();
        streams.forEach(SignalStream::leave);
        timer.shutdownNow();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
