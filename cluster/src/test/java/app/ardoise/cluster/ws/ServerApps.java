package app.ardoise.cluster.ws;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Server-side message flows, written as an application would: plain {@link Message}s. */
final class ServerApps {
    private ServerApps() {}

    /**
     * Reads each binary message whole, notes its size, and sends it back; notes why a message could not be read
     * whole.
     */
    static Flow<Message, Message, NotUsed> echo(ActorSystem system, Queue<Integer> receivedSizes,
                                                Queue<Throwable> unreadable) {
        Materializer materializer = Materializer.matFromSystem(system);
        return Flow.<Message>create()
                .mapAsync(1, message -> message.asBinaryMessage()
                        .toStrict(Await.TIMEOUT.toMillis(), materializer)
                        .whenComplete((strict, failure) -> {
                            if (failure != null) {
                                unreadable.add(failure);
                            }
                        }))
                .map(strict -> {
                    receivedSizes.add(strict.getStrictData().size());
                    return (Message) BinaryMessage.create(strict.getStrictData());
                });
    }

    /** Sends every message back as it came, and keeps it. */
    static Flow<Message, Message, NotUsed> mirror(Queue<Message> received) {
        return Flow.<Message>create().map(message -> {
            received.add(message);
            return message;
        });
    }

    /** Ignores the client and sends it 64 KiB messages for as long as it takes them. */
    static Flow<Message, Message, NotUsed> flood(AtomicLong sent) {
        Message chunk = BinaryMessage.create(ByteString.fromArray(new byte[64 * 1024]));
        Source<Message, NotUsed> endless = Source.repeat(chunk).map(message -> {
            sent.incrementAndGet();
            return message;
        });
        return Flow.fromSinkAndSourceCoupled(Sink.ignore(), endless);
    }
}
