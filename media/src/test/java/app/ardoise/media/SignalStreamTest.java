package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge against the real SFU: join, descriptions, trickle, subscriptions, leaving. */
@ExtendWith(SharedSfu.class)
class SignalStreamTest {

    private final String room = "class-" + UUID.randomUUID();
    private SfuProcess sfu;
    private SimpleMeterRegistry registry;
    private SfuClient client;

    @BeforeEach
    void connect(SfuProcess sfu) {
        this.sfu = sfu;
        registry = new SimpleMeterRegistry();
        client =
                SfuClient.start(
                        MediaSettings.fromConfig(ConfigFactory.load()).withSfuTarget(sfu.target()), registry);
    }

    @AfterEach
    void closeAndCheckTheSfuForgotEveryone() {
        client.close();
        // Every test leaves the SFU as it found it: a participant left behind would be a leak.
        sfu.awaitMetric("sfu_participants", 0, Duration.ofSeconds(10));
    }

    @Test
    void joinWithAnOfferGetsThePublisherAnswerThenTheSfusCandidates() {
        RecordingListener events = new RecordingListener();
        client.join(Join.of(room, "teacher").withOffer(Offers.publisherOffer()), events);

        Description answer = events.next(SfuEvent.Joined.class).publisherAnswer().orElseThrow();
        assertEquals(Target.PUBLISHER, answer.target());
        assertEquals(Description.Type.ANSWER, answer.type());
        assertTrue(answer.sdp().contains("a=fingerprint:"), answer.sdp());
        assertTrue(answer.sdp().contains("a=recvonly"), "the SFU receives what the browser sends: " + answer.sdp());

        IceCandidate candidate = events.next(SfuEvent.CandidateReceived.class).candidate();
        assertEquals(Target.PUBLISHER, candidate.target());
        assertTrue(candidate.init().contains("127.0.0.1"), "loopback candidate: " + candidate.init());
        assertEquals(1.0, registry.get("ardoise.media.signal.streams").gauge().value());
        sfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(5));
    }

    @Test
    void browserCandidatesReachTheSfuInOrderAndOnlyAMalformedOneIsRefused() {
        RecordingListener events = new RecordingListener();
        SignalStream stream = client.join(Join.of(room, "student").withOffer(Offers.publisherOffer()), events);
        events.next(SfuEvent.Joined.class);

        stream.trickle(
                new IceCandidate(
                        Target.PUBLISHER,
                        "{\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));
        stream.trickle(new IceCandidate(Target.PUBLISHER, "{\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));
        stream.trickle(new IceCandidate(Target.PUBLISHER, "not a candidate"));

        // The SFU handles a stream's requests in order: had the good candidate or the end of
        // candidates been refused, that error would come first.
        SfuError error = events.next(SfuEvent.RequestFailed.class).error();
        assertEquals(400, error.code());
        assertTrue(error.reason().contains("trickle init is not a candidate"), error.reason());
    }

    @Test
    void aJoinWithoutOfferPublishesLaterByRenegotiation() {
        RecordingListener events = new RecordingListener();
        SignalStream stream = client.join(Join.of(room, "teacher"), events);
        assertEquals(Optional.empty(), events.next(SfuEvent.Joined.class).publisherAnswer());

        Description offer = Offers.publisherOffer();
        stream.offerPublisher(offer.sdp(), offer.trackInfos());

        Description answer = events.next(SfuEvent.DescriptionReceived.class).description();
        assertEquals(Target.PUBLISHER, answer.target());
        assertEquals(Description.Type.ANSWER, answer.type());
        assertEquals(Target.PUBLISHER, events.next(SfuEvent.CandidateReceived.class).candidate().target());
    }

    @Test
    void subscribingToATrackNobodyPublishesIsA404() {
        RecordingListener events = new RecordingListener();
        SignalStream stream = client.join(Join.of(room, "student"), events);
        events.next(SfuEvent.Joined.class);

        stream.updateSubscriptions(List.of(Subscription.receive("no-such-track")));

        SfuEvent.SubscriptionResult result = events.next(SfuEvent.SubscriptionResult.class);
        assertFalse(result.success());
        assertEquals(404, result.error().orElseThrow().code());
    }

    @Test
    void aParticipantThatMayNotPublishIsRefusedItsOffersBySfuAndBridge() {
        RecordingListener events = new RecordingListener();
        Join listenerOnly = new Join(room, "student", false, true, Optional.empty());
        SignalStream stream = client.join(listenerOnly, events);
        events.next(SfuEvent.Joined.class);

        stream.offerPublisher(Offers.sdp(), List.of());
        assertEquals(403, events.next(SfuEvent.RequestFailed.class).error().code());
        assertThrows(IllegalArgumentException.class, () -> listenerOnly.withOffer(Offers.publisherOffer()));
    }

    @Test
    void anOfferThatIsNotSdpFailsTheJoinAndClosesTheStream() {
        RecordingListener events = new RecordingListener();
        client.join(Join.of(room, "teacher").withOffer(Description.publisherOffer("not sdp", List.of())), events);

        SfuError error = events.next(SfuEvent.JoinFailed.class).error();
        assertEquals(400, error.code());
        assertEquals(0.0, registry.get("ardoise.media.signal.streams").gauge().value());
    }

    @Test
    void leavingRemovesTheParticipantFromTheSfu() {
        RecordingListener events = new RecordingListener();
        SignalStream stream = client.join(Join.of(room, "student").withOffer(Offers.publisherOffer()), events);
        events.next(SfuEvent.Joined.class);
        sfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(5));
        sfu.awaitMetric("sfu_sessions", 1, Duration.ofSeconds(5));

        stream.leave();

        sfu.awaitMetric("sfu_participants", 0, Duration.ofSeconds(5));
        sfu.awaitMetric("sfu_sessions", 0, Duration.ofSeconds(5));
        assertEquals(0.0, registry.get("ardoise.media.signal.streams").gauge().value());
    }

    @Test
    void aSecondJoinOfTheSameParticipantReplacesTheFirst() {
        RecordingListener firstTab = new RecordingListener();
        RecordingListener secondTab = new RecordingListener();
        client.join(Join.of(room, "student"), firstTab);
        firstTab.next(SfuEvent.Joined.class);

        client.join(Join.of(room, "student"), secondTab);
        secondTab.next(SfuEvent.Joined.class);

        assertEquals(SfuEvent.CloseReason.REPLACED, firstTab.next(SfuEvent.Closed.class).reason());
        sfu.awaitMetric("sfu_participants", 1, Duration.ofSeconds(5));
    }

    @Test
    void healthAnswersServingForTheSfuAndNotForAnEmptyPort() throws Exception {
        assertTrue(client.checkHealth().get());
        assertTrue(client.isServing());
        assertEquals(1.0, registry.get("ardoise.media.sfu.up").gauge().value());

        // Nothing listens on port 1: no need to wait long for the answer.
        MediaSettings nowhere =
                client.settings().withSfuTarget("127.0.0.1:1").withHealthCheckTimeout(Duration.ofMillis(300));
        try (SfuClient down = SfuClient.start(nowhere, new SimpleMeterRegistry())) {
            assertFalse(down.checkHealth().get());
            assertFalse(down.isServing());
        }
    }
}
