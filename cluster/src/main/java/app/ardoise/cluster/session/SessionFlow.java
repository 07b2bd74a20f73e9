package app.ardoise.cluster.session;

import app.ardoise.cluster.session.SessionMessage.ClientMessage;
import app.ardoise.cluster.ws.WebSocketCloser;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * Builds the message flow of one WebSocket around a new {@link ClientSession}: inbound messages go to
 * the actor one at a time (it acks each, so a flooding client is held back by TCP), outbound frames
 * come from the bounded queue the actor offers to, which it receives once the connection's graph runs.
 */
public final class SessionFlow {
    private static final Duration STRICT_TIMEOUT = Duration.ofSeconds(5);

    private SessionFlow() {}

    public static Flow<Message, Message, NotUsed> open(ActorSystem<?> system, ClientSession.Wiring wiring,
                                                      WebSocketCloser closer) {
        Materializer materializer = Materializer.matFromSystem(system);
        ActorRef<SessionMessage> session = system.systemActorOf(ClientSession.create(wiring, closer),
                "session-" + UUID.randomUUID(), Props.empty());
        // Materialized inside the connection's own graph, not pre-materialized: a frame then crosses one
        // asynchronous boundary (actor to connection) instead of two, which the chat benchmark shows.
        Source<Message, NotUsed> outbound = Source.<Message>queue(wiring.settings().outboundBuffer())
                .mapMaterializedValue(queue -> {
                    session.tell(new SessionMessage.Outbound(queue));
                    return NotUsed.getInstance();
                });
        Sink<Message, NotUsed> inbound = Flow.<Message>create()
                .mapAsync(1, message -> drain(message, materializer))
                .to(ActorSink.actorRefWithBackpressure(
                        session,
                        SessionMessage.Inbound::new,
                        SessionMessage.StreamStarted::new,
                        SessionMessage.StreamAck.INSTANCE,
                        new SessionMessage.ClientGone(),
                        failure -> new SessionMessage.ClientGone()));
        return Flow.fromSinkAndSourceCoupled(inbound, outbound);
    }

    /** Reads a whole message; the frame guard has already bounded its size. */
    private static CompletionStage<ClientMessage> drain(Message message, Materializer materializer) {
        if (message.isText()) {
            return message.asTextMessage().getStreamedText().runWith(Sink.ignore(), materializer)
                    .thenApply(done -> new ClientMessage.Text());
        }
        var binary = message.asBinaryMessage();
        if (binary.isStrict()) {
            return CompletableFuture.completedFuture(new ClientMessage.Binary(binary.getStrictData()));
        }
        return binary.toStrict(STRICT_TIMEOUT.toMillis(), materializer)
                .thenApply(strict -> new ClientMessage.Binary(strict.getStrictData()));
    }
}
