package app.ardoise.media;

import app.ardoise.media.activity.ActivityGrpc;
import app.ardoise.media.activity.ActivityReport;
import app.ardoise.media.activity.WatchRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One participant's {@code ardoise.sfu.v1.Activity/Watch} stream (media/sfu/proto/activity.proto): the talk and camera
 * time the SFU measured, as what was added since the previous report. The SFU's counters are cumulative and start
 * again from zero when its session empties or it restarts: a report below the previous one is a new count. A stream
 * that breaks is opened again after the client's jittered backoff (as a Signal stream is), until {@link #close}; an
 * SFU without the service (ion-sfu) is not asked again.
 *
 * <p>Thread-safe: reports come on gRPC's threads, one at a time per stream.
 */
public final class ActivityWatch implements AutoCloseable {
    /** Talk and camera time added since the previous report; never both zero. */
    public interface Listener {
        void added(long talkMs, long cameraMs);
    }

    private final ActivityGrpc.ActivityStub stub;
    private final WatchRequest request;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    /** Breaks in a row, for the backoff; a report resets it. */
    private int failures;
    private Context.CancellableContext call;
    private long talkMs;
    private long cameraMs;
    private boolean closed;

    ActivityWatch(ManagedChannel channel, String sid, String uid, Duration every, Listener listener,
                  ScheduledExecutorService timer, Backoff backoff) {
        this.stub = ActivityGrpc.newStub(channel);
        this.request = WatchRequest.newBuilder().setSid(sid).setUid(uid).setEveryMs((int) every.toMillis()).build();
        this.listener = listener;
        this.timer = timer;
        this.backoff = backoff;
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        Context.CancellableContext context = Context.current().withCancellation();
        call = context;
        context.run(() -> stub.watch(request, new StreamObserver<>() {
            @Override
            public void onNext(ActivityReport report) {
                reported(report);
            }

            @Override
            public void onError(Throwable failure) {
                // ion-sfu, which may stand in for ours, measures nothing: no talk or camera time, and no retries.
                if (Status.fromThrowable(failure).getCode() != Status.Code.UNIMPLEMENTED) {
                    again();
                }
            }

            @Override
            public void onCompleted() {
                again();
            }
        }));
    }

    private void reported(ActivityReport report) {
        long talk;
        long camera;
        synchronized (this) {
            talk = report.getTalkMs() >= talkMs ? report.getTalkMs() - talkMs : report.getTalkMs();
            camera = report.getCameraMs() >= cameraMs ? report.getCameraMs() - cameraMs : report.getCameraMs();
            failures = 0;
            talkMs = report.getTalkMs();
            cameraMs = report.getCameraMs();
        }
        if (talk > 0 || camera > 0) {
            listener.added(talk, camera);
        }
    }

    private void again() {
        Duration delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            delay = backoff.delay(failures++);
        }
        timer.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops watching after {@code grace}: the SFU's last report of a participant who just left is still counted. */
    public void closeAfter(Duration grace) {
        timer.schedule(this::close, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (call != null) {
            call.cancel(null);
        }
    }
}
