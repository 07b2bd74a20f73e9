package app.ardoise.media;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rtc.RTCGrpc;
import rtc.Rtc;

/**
 * One participant's {@code rtc.RTC/Signal} stream: joins the room's SFU session, relays the
 * browser's descriptions and candidates and the subscriptions that follow the room's route
 * ({@link RoutingPolicy#changes}), and turns the SFU's replies into {@link SfuEvent}s for a
 * {@link SignalListener}.
 *
 * <p>Thread-safety: every method may be called from any thread and returns at once. All work —
 * writes to the gRPC stream, handling of replies, timers, listener calls — runs one task at a
 * time in a {@link SynchronizationContext}, so the stream has a single writer (gRPC's request
 * observer is not thread-safe) and the listener sees events in order.
 *
 * <p>Failure: when the stream breaks (the SFU restarts or is unreachable: {@code UNAVAILABLE}
 * and kin), the listener gets {@link SfuEvent.Interrupted}, the stream joins again after a
 * jittered backoff, and the listener gets {@link SfuEvent.Rejoined} once the SFU took it back.
 * Requests made while the stream is down are dropped: they belong to peer connections that the
 * restarted SFU no longer knows.
 */
public final class SignalStream {

    private static final Logger log = LoggerFactory.getLogger(SignalStream.class);

    /** Ends that a new stream can cure. ABORTED (replaced by a newer join) is not one. */
    private static final Set<Status.Code> RETRIABLE =
            EnumSet.of(
                    Status.Code.UNAVAILABLE,
                    Status.Code.DEADLINE_EXCEEDED,
                    Status.Code.RESOURCE_EXHAUSTED,
                    Status.Code.INTERNAL,
                    Status.Code.UNKNOWN,
                    Status.Code.CANCELLED);

    private final Join join;
    private final ManagedChannel channel;
    private final RTCGrpc.RTCStub stub;
    private final SignalListener listener;
    private final MediaSettings settings;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final MediaMetrics metrics;
    private final Runnable forget;
    private final SynchronizationContext serial;

    // Touched only inside `serial`.
    private Attempt attempt;
    private boolean everJoined;
    private boolean interrupted;
    private int failures;
    private ScheduledHandle retry;
    private boolean closed;

    SignalStream(
            Join join,
            ManagedChannel channel,
            SignalListener listener,
            MediaSettings settings,
            Backoff backoff,
            ScheduledExecutorService timer,
            MediaMetrics metrics,
            java.util.function.Consumer<SignalStream> forget) {
        this.join = join;
        this.channel = channel;
        this.stub = RTCGrpc.newStub(channel);
        this.listener = listener;
        this.settings = settings;
        this.backoff = backoff;
        this.timer = timer;
        this.metrics = metrics;
        this.forget = () -> forget.accept(this);
        this.serial =
                new SynchronizationContext(
                        (thread, e) ->
                                LogIds.around(join, () -> log.error("signal stream of {} in {}: task failed",
                                        join.participant(), join.room(), e)));
    }

    public Join join() {
        return join;
    }

    /** A publisher offer (first publication, or renegotiation for a new camera or screen). */
    public void offerPublisher(String sdp, List<TrackInfo> trackInfos) {
        send(RtcMessages.request(Description.publisherOffer(sdp, trackInfos)), "publisher offer");
    }

    /** The browser's answer to a {@link Target#SUBSCRIBER} offer. */
    public void answerSubscriber(String sdp) {
        send(RtcMessages.request(Description.subscriberAnswer(sdp)), "subscriber answer");
    }

    /** A browser candidate, for the connection its target names. */
    public void trickle(IceCandidate candidate) {
        send(RtcMessages.request(candidate), "candidate");
    }

    /** Tracks to start, stop, mute or unmute for this participant, as the routing policy decides. */
    public void updateSubscriptions(List<Subscription> subscriptions) {
        if (!subscriptions.isEmpty()) {
            send(RtcMessages.request(subscriptions), "subscriptions");
        }
    }

    /**
     * The participant left: cancels the call, which the SFU takes as leaving (its tracks are
     * announced removed to the others). A cancel rather than a half-close, so that nothing queued
     * is still delivered and the SFU frees the participant at once. No event follows.
     */
    public void leave() {
        serial.execute(
                () -> {
                    if (closed) {
                        return;
                    }
                    end();
                    Attempt a = attempt;
                    attempt = null;
                    if (a != null) {
                        a.stop();
                        a.requests.cancel("participant left", null);
                    }
                });
    }

    void start() {
        serial.execute(this::connect);
    }

    private void connect() {
        retry = null;
        if (closed) {
            return;
        }
        Attempt a = new Attempt();
        attempt = a;
        stub.signal(a); // calls a.beforeStart, which keeps the request observer
        // The first join carries the browser's offer; a re-join none, since the offer belonged to
        // peer connections the restarted SFU has never seen.
        a.requests.onNext(RtcMessages.join(everJoined ? join.withoutOffer() : join));
        a.joinTimeout =
                serial.schedule(
                        () -> {
                            if (attempt == a && !a.joined) {
                                a.requests.cancel("no join reply", null);
                                broke(a, Status.DEADLINE_EXCEEDED.withDescription("no join reply within " + settings.joinTimeout()));
                            }
                        },
                        settings.joinTimeout().toNanos(),
                        TimeUnit.NANOSECONDS,
                        timer);
    }

    private void send(Rtc.Request request, String what) {
        serial.execute(
                () -> {
                    Attempt a = attempt;
                    // During a re-join, what the browser sends still concerns its dead connections.
                    if (a == null || (everJoined && !a.joined)) {
                        LogIds.around(join, () ->
                                log.debug("{} of {} dropped: the SFU stream is down", what, join.participant()));
                        return;
                    }
                    a.requests.onNext(request);
                });
    }

    private void received(Attempt a, Rtc.Reply reply) {
        if (attempt != a) {
            return;
        }
        if (reply.getPayloadCase() != Rtc.Reply.PayloadCase.JOIN) {
            RtcMessages.event(reply).ifPresent(this::deliver);
            return;
        }
        a.joinTimeout.cancel();
        Rtc.JoinReply joinReply = reply.getJoin();
        if (!joinReply.getSuccess()) {
            end();
            attempt = null;
            a.requests.cancel("join refused", null);
            deliver(new SfuEvent.JoinFailed(RtcMessages.error(joinReply.getError())));
            return;
        }
        a.joined = true;
        metrics.streamJoined();
        failures = 0;
        interrupted = false;
        if (everJoined) {
            metrics.rejoined();
            LogIds.around(join, () -> log.info("{} re-joined {} on the SFU", join.participant(), join.room()));
            deliver(new SfuEvent.Rejoined());
        } else {
            everJoined = true;
            deliver(new SfuEvent.Joined(RtcMessages.answer(joinReply)));
        }
    }

    private void broke(Attempt a, Status status) {
        if (attempt != a) {
            return; // an old attempt, or one we ended ourselves
        }
        attempt = null;
        a.stop();
        if (status.getCode() == Status.Code.ABORTED) {
            end();
            deliver(new SfuEvent.Closed(SfuEvent.CloseReason.REPLACED, describe(status)));
            return;
        }
        if (!RETRIABLE.contains(status.getCode())) {
            end();
            deliver(new SfuEvent.Closed(SfuEvent.CloseReason.FAILED, describe(status)));
            return;
        }
        if (!interrupted) {
            interrupted = true;
            metrics.interrupted();
            LogIds.around(join, () -> log.warn("signal stream of {} in {} broke: {}", join.participant(), join.room(),
                    describe(status)));
            deliver(new SfuEvent.Interrupted(describe(status)));
        }
        Duration delay = backoff.delay(failures++);
        retry =
                serial.schedule(
                        () -> {
                            // Without this the channel may wait out its own backoff (up to two minutes)
                            // before it tries the SFU again, and every attempt until then fails at once.
                            channel.resetConnectBackoff();
                            connect();
                        },
                        delay.toNanos(),
                        TimeUnit.NANOSECONDS,
                        timer);
    }

    /** Closed for good: no more attempts, and the client forgets the stream. */
    private void end() {
        closed = true;
        if (retry != null) {
            retry.cancel();
            retry = null;
        }
        forget.run();
    }

    private void deliver(SfuEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LogIds.around(join, () -> log.error("listener of {} failed on {}", join.participant(),
                    event.getClass().getSimpleName(), e));
        }
    }

    private static String describe(Status status) {
        return status.getDescription() == null
                ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }

    /** One gRPC call. A re-join is a new attempt; replies of an old one are ignored. */
    private final class Attempt implements ClientResponseObserver<Rtc.Request, Rtc.Reply> {

        ClientCallStreamObserver<Rtc.Request> requests;
        ScheduledHandle joinTimeout;
        boolean joined;

        @Override
        public void beforeStart(ClientCallStreamObserver<Rtc.Request> requestStream) {
            requests = requestStream;
        }

        @Override
        public void onNext(Rtc.Reply reply) {
            serial.execute(() -> received(this, reply));
        }

        @Override
        public void onError(Throwable t) {
            serial.execute(() -> broke(this, Status.fromThrowable(t)));
        }

        @Override
        public void onCompleted() {
            // Our SFU ends a stream with OK only when the client closed it; anything else is a loss.
            serial.execute(() -> broke(this, Status.UNAVAILABLE.withDescription("the SFU ended the stream")));
        }

        /** Stops this attempt's timer and takes it out of the open-streams gauge. */
        void stop() {
            if (joinTimeout != null) {
                joinTimeout.cancel();
            }
            if (joined) {
                joined = false;
                metrics.streamEnded();
            }
        }
    }
}
