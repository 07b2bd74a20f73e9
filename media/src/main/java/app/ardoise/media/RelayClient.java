package app.ardoise.media;

import static app.ardoise.media.FutureCalls.call;

import app.ardoise.media.relay.RelayGrpc;
import app.ardoise.media.relay.StartRelayRequest;
import app.ardoise.media.relay.StopRelayRequest;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The SFU's relay ({@code ardoise.sfu.v1.Relay}, sfu/proto/relay.proto), on the node's channel to that SFU: a class
 * that spans several SFUs has its teachers' tracks relayed from the SFU they publish to into each other one, whose
 * participants then subscribe to them as to local tracks. Calls answer a future that fails with the gRPC status:
 * {@code INVALID_ARGUMENT} for a request without room, source or participants, {@code FAILED_PRECONDITION} when
 * this SFU could not join the room at the source.
 */
public final class RelayClient {
    /** The SFU waits up to 10 s for the source's join reply; the call allows that and the way there. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(15);

    private final ManagedChannel channel;
    private final Duration deadline;

    RelayClient(ManagedChannel channel, Duration deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    /**
     * Relays into this SFU's session {@code room} the tracks that {@code participants} publish there at the SFU whose
     * gRPC address is {@code source} (host:port), until {@link #stop} or until nobody is left in the room here. Again
     * for the same room and source: the new list of participants.
     */
    public CompletionStage<Void> start(String room, String source, Collection<String> participants) {
        return call(RelayGrpc.newFutureStub(channel)
                .withDeadlineAfter(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .startRelay(StartRelayRequest.newBuilder().setSid(room).setSource(source).addAllUids(participants).build()),
                reply -> null);
    }

    /** Ends the relay of {@code room} from {@code source}; its tracks are announced removed here. */
    public CompletionStage<Void> stop(String room, String source) {
        return call(RelayGrpc.newFutureStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .stopRelay(StopRelayRequest.newBuilder().setSid(room).setSource(source).build()),
                reply -> null);
    }
}
