package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU dies and comes back. Each test owns its SFU process, since killing the shared one
 * would break the other tests' streams.
 */
class SfuRestartTest {

    private static final Duration COMEBACK = Duration.ofSeconds(15);

    private final String room = "class-" + UUID.randomUUID();
    private SfuProcess sfu;
    private SimpleMeterRegistry registry;
    private SfuClient client;

    @BeforeEach
    void start() {
        sfu = SfuProcess.start();
        registry = new SimpleMeterRegistry();
        MediaSettings settings =
                MediaSettings.fromConfig(ConfigFactory.load())
                        .withSfuTarget(sfu.target())
                        .withRejoinBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        client = SfuClient.start(settings, registry);
    }

    @AfterEach
    void stop() {
        client.close();
        sfu.close();
    }

    @Test
    void aStreamRejoinsWhenTheSfuComesBackAndTheBrowserCanPublishAgain() {
        RecordingListener events = new RecordingListener();
        SignalStream stream = client.join(Join.of(room, "teacher").withOffer(Offers.publisherOffer()), events);
        events.next(SfuEvent.Joined.class);
        sfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(5));

        sfu.kill();
        events.next(SfuEvent.Interrupted.class);
        assertEquals(0.0, registry.get("ardoise.media.signal.streams").gauge().value());
        // What the browser sends for its dead connections meanwhile goes nowhere, and breaks nothing.
        stream.trickle(
                new IceCandidate(
                        Target.PUBLISHER,
                        "{\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));

        sfu.startAgain();
        events.next(SfuEvent.Rejoined.class, e -> true, COMEBACK);
        sfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(5));
        assertEquals(1.0, registry.get("ardoise.media.signal.rejoins").counter().count());
        assertEquals(1.0, registry.get("ardoise.media.signal.interruptions").counter().count());
        assertEquals(1.0, registry.get("ardoise.media.signal.streams").gauge().value());

        // The re-join carried no offer (the old one belonged to dead connections): the browser's
        // new offer is answered on the new stream.
        Description offer = Offers.publisherOffer();
        stream.offerPublisher(offer.sdp(), offer.trackInfos());
        Description answer = events.next(SfuEvent.DescriptionReceived.class).description();
        assertEquals(Target.PUBLISHER, answer.target());
        assertEquals(Description.Type.ANSWER, answer.type());
        assertEquals(
                List.of(),
                events.all().stream().filter(e -> e instanceof SfuEvent.RequestFailed).toList(),
                "the dropped candidate never reached the restarted SFU");

        stream.leave();
        sfu.awaitMetric("sfu_participants", 0, Duration.ofSeconds(5));
    }

    @Test
    void aJoinWhileTheSfuIsDownIsAnsweredOnceItIsUp() {
        sfu.kill();
        RecordingListener events = new RecordingListener();
        client.join(Join.of(room, "teacher").withOffer(Offers.publisherOffer()), events);
        events.next(SfuEvent.Interrupted.class);

        sfu.startAgain();
        // The browser still waits for the answer to its first offer: the retry carries that offer.
        Description answer =
                events.next(SfuEvent.Joined.class, e -> true, COMEBACK).publisherAnswer().orElseThrow();
        assertEquals(Target.PUBLISHER, answer.target());
        assertEquals(0.0, registry.get("ardoise.media.signal.rejoins").counter().count());
    }

    @Test
    void healthFollowsTheSfuDownAndUp() throws Exception {
        assertTrue(client.checkHealth().get());

        sfu.kill();
        assertFalse(client.checkHealth().get());
        assertEquals(0.0, registry.get("ardoise.media.sfu.up").gauge().value());

        sfu.startAgain();
        // The poll, every health-check-interval, sees the SFU back without help.
        long deadline = System.nanoTime() + COMEBACK.toNanos();
        while (!client.isServing() && System.nanoTime() < deadline) {
            SfuProcess.sleep(50);
        }
        assertTrue(client.isServing());
        assertEquals(1.0, registry.get("ardoise.media.sfu.up").gauge().value());
    }
}
