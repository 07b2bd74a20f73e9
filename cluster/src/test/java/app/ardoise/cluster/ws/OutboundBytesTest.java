package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A client that reads nothing holds at most the outbound queue's bytes, not only its frames: each Resync it sends
 * is answered with a Welcome of the whole class, megabytes of board and chat, and 512 of those exhausted a node.
 */
class OutboundBytesTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("pekko-versions.conf")
            .withFallback(ConfigFactory.defaultReference()));

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void a_client_that_reads_nothing_is_too_slow_once_its_frames_outgrow_the_byte_bound() {
        BoundedSourceQueue<Message> queue = unreadQueue(512, 1_000);

        assertEquals(QueueOfferResult.enqueued(), queue.offer(frame(5_000)),
                "an empty queue takes a frame larger than the bound: a big Welcome still reaches a reader");
        assertEquals(QueueOfferResult.dropped(), queue.offer(frame(5_000)),
                "a second Welcome while the first is unread: the session closes the client as too slow");
        assertEquals(QueueOfferResult.dropped(), queue.offer(frame(10)),
                "even a small frame: the bytes waiting are past the bound, though only one frame is");
    }

    @Test
    void small_frames_fill_the_queue_up_to_its_bytes() {
        BoundedSourceQueue<Message> queue = unreadQueue(512, 1_000);
        for (int i = 0; i < 10; i++) {
            assertEquals(QueueOfferResult.enqueued(), queue.offer(frame(100)), "frame " + i);
        }
        assertEquals(QueueOfferResult.dropped(), queue.offer(frame(1)));
        assertEquals(10, queue.size());
    }

    /** The outbound queue of a connection whose client never reads, as its session gets it. */
    private static BoundedSourceQueue<Message> unreadQueue(int frames, long bytes) {
        TestProbe<ConnectionEvent> session = KIT.createTestProbe();
        Source.<org.apache.pekko.http.scaladsl.model.ws.Message>maybe()
                .via(SessionFlow.stage().withAttributes(SessionFlow.attributes(session.getRef(), frames, bytes)))
                .to(Sink.asPublisher(org.apache.pekko.stream.javadsl.AsPublisher.WITHOUT_FANOUT)) // never subscribed to: nothing is ever pulled, as from a client that stopped reading
                .run(KIT.system());
        List<ConnectionEvent> got = session.fishForMessage(Duration.ofSeconds(5), event ->
                event instanceof ConnectionEvent.Outbound ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return ((ConnectionEvent.Outbound) got.get(got.size() - 1)).queue();
    }

    private static Message frame(int bytes) {
        return BinaryMessage.create(ByteString.fromArray(new byte[bytes]));
    }
}
