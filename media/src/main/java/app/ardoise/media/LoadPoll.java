package app.ardoise.media;

import app.ardoise.media.load.LoadGrpc;
import app.ardoise.media.load.LoadReport;
import app.ardoise.media.load.LoadRequest;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks one SFU its load ({@code ardoise.sfu.v1.Load}) at each health interval, for the pool's choice of an SFU for
 * a new class. An SFU without the service (ion-sfu) is not asked again and counts as unloaded.
 */
final class LoadPoll {

    private final ManagedChannel channel;
    private final Duration timeout;
    private final SfuMeters meters;
    private volatile SfuLoad last = SfuLoad.NONE;
    private volatile boolean unsupported;
    /** Classes this node placed on the SFU since its last report, which does not count them yet. */
    private final AtomicInteger placedSince = new AtomicInteger();

    LoadPoll(ManagedChannel channel, Duration timeout, SfuMeters meters) {
        this.channel = channel;
        this.timeout = timeout;
        this.meters = meters;
    }

    void start(ScheduledExecutorService timer, Duration every) {
        timer.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    SfuLoad last() {
        return last;
    }

    double score() {
        return last.score(placedSince.get());
    }

    void placed() {
        placedSince.incrementAndGet();
    }

    private void poll() {
        if (unsupported) {
            return;
        }
        Futures.addCallback(LoadGrpc.newFutureStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(LoadRequest.getDefaultInstance()), new FutureCallback<>() {
                    @Override
                    public void onSuccess(LoadReport r) {
                        last = new SfuLoad(r.getSessions(), r.getTracks(), r.getSubscribers(), r.getCpuCores(),
                                r.getCores());
                        placedSince.set(0);
                        meters.load(last);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        // A down SFU is the health check's to report; the last load stays until it is back.
                        unsupported = Status.fromThrowable(t).getCode() == Status.Code.UNIMPLEMENTED;
                    }
                }, MoreExecutors.directExecutor());
    }
}
