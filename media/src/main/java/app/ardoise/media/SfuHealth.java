package app.ardoise.media;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the SFU's {@code grpc.health.v1} service for {@code rtc.RTC}. A poll rather than the
 * Watch stream: a poll also notices an SFU that accepts connections but no longer answers, and
 * it keeps the channel reconnecting while the SFU is away (see {@link #check}).
 */
final class SfuHealth {

    static final String SERVICE = "rtc.RTC";

    private static final Logger log = LoggerFactory.getLogger(SfuHealth.class);

    private final ManagedChannel channel;
    private final MediaSettings settings;
    private final SfuMeters meters;
    private volatile boolean serving;

    SfuHealth(ManagedChannel channel, MediaSettings settings, SfuMeters meters) {
        this.channel = channel;
        this.settings = settings;
        this.meters = meters;
    }

    void start(ScheduledExecutorService timer) {
        long every = settings.healthCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The last poll's answer: false until the first SERVING. */
    boolean serving() {
        return serving;
    }

    /** One check now, also recorded as the last answer. Never fails: errors read as not serving. */
    CompletableFuture<Boolean> check() {
        return check(true);
    }

    /**
     * One check; without {@code waitForReady} a channel that just failed to connect answers at once, which is how a
     * session that lost its stream learns quickly that the SFU itself is gone (and not only its stream).
     */
    CompletableFuture<Boolean> check(boolean waitForReady) {
        if (!serving) {
            // The channel backs off up to two minutes between connection attempts; an SFU that has
            // come back should be seen by the next check, and re-joins should find the channel ready.
            channel.resetConnectBackoff();
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        HealthGrpc.HealthFutureStub stub = HealthGrpc.newFutureStub(channel)
                .withDeadlineAfter(settings.healthCheckTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // Wait for a connection up to the deadline rather than fail at once on a channel still in its last
        // failure: the question is whether the SFU answers now.
        ListenableFuture<HealthCheckResponse> call = (waitForReady ? stub.withWaitForReady() : stub)
                .check(HealthCheckRequest.newBuilder().setService(SERVICE).build());
        call.addListener(
                () -> {
                    boolean up;
                    try {
                        up = call.get().getStatus() == HealthCheckResponse.ServingStatus.SERVING;
                    } catch (Exception e) {
                        log.debug("health check of {} failed", settings.sfuTarget(), e);
                        up = false;
                    }
                    record(up);
                    result.complete(up);
                },
                MoreExecutors.directExecutor());
        return result;
    }

    private void record(boolean up) {
        if (up != serving) {
            if (up) {
                log.info("SFU at {} is serving", settings.sfuTarget());
            } else {
                log.warn("SFU at {} is not serving: classes continue without media", settings.sfuTarget());
            }
        }
        serving = up;
        meters.up(up);
    }
}
