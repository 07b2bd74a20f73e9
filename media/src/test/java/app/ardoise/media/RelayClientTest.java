package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A class across two real SFUs: a teacher publishes at A, B relays her camera, and a student at B is offered it as if
 * she published there, which B does only once her RTP reaches it through the relay.
 */
class RelayClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String room = "class-" + UUID.randomUUID();
    private SfuProcess a;
    private SfuProcess b;
    private SfuClient clientB;
    private PeerProcess teacher;

    @BeforeEach
    void start() {
        a = SfuProcess.start();
        b = SfuProcess.start();
        clientB = SfuClient.start(
                MediaSettings.fromConfig(ConfigFactory.load()).withSfuTarget(b.target()), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (teacher != null) {
            teacher.close();
        }
        clientB.close();
        b.close();
        a.close();
    }

    @Test
    void aStudentAtBIsOfferedTheTeachersCameraFromAUntilTheRelayStops() throws Exception {
        teacher = PeerProcess.publish(a, room, "teacher", "cam-teacher");
        RelayClient relay = clientB.relay();
        relay.start(room, a.target(), List.of("teacher")).toCompletableFuture().get(15, TimeUnit.SECONDS);
        // At A the relay is one more participant, which publishes nothing.
        a.awaitMetric("sfu_participants", 2, WAIT);

        RecordingListener student = new RecordingListener();
        SignalStream stream = clientB.join(Join.of(room, "student"), student);
        student.next(SfuEvent.Joined.class);
        SfuEvent.TracksChanged added = student.next(SfuEvent.TracksChanged.class);
        assertEquals(SfuEvent.TrackState.ADD, added.state());
        assertEquals("teacher", added.participant());
        assertEquals("cam-teacher", added.tracks().get(0).id());
        assertEquals("video", added.tracks().get(0).kind());

        stream.updateSubscriptions(List.of(Subscription.receive("cam-teacher")));
        assertTrue(student.next(SfuEvent.SubscriptionResult.class).success());
        Description offer = student.next(SfuEvent.DescriptionReceived.class).description();
        assertEquals(Target.SUBSCRIBER, offer.target());
        assertTrue(offer.sdp().contains("cam-teacher"), offer.sdp());
        // B reads the teacher's packets from the relay: its only publisher is the relay's stand-in.
        double before = b.metric("sfu_forwarded_rtp_packets_total");
        SfuProcess.sleep(1000);
        double perSecond = b.metric("sfu_forwarded_rtp_packets_total") - before;
        assertTrue(perSecond >= 10, "B read " + perSecond + " packets in a second from the relay");
        assertEquals(1.0, b.metric("sfu_relays"));

        relay.stop(room, a.target()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        SfuEvent.TracksChanged removed = student.next(SfuEvent.TracksChanged.class);
        assertEquals(SfuEvent.TrackState.REMOVE, removed.state());
        assertEquals("teacher", removed.participant());
        a.awaitMetric("sfu_participants", 1, WAIT);
        b.awaitMetric("sfu_relays", 0, WAIT);
        stream.leave();
    }

    @Test
    void aRelayWithoutParticipantsOrFromAnUnreachableSfuIsRefused() throws Exception {
        RelayClient relay = clientB.relay();
        assertEquals(Status.Code.INVALID_ARGUMENT,
                failure(() -> relay.start(room, a.target(), List.of()).toCompletableFuture().get(15, TimeUnit.SECONDS)));
        // Nothing listens on port 1.
        assertEquals(Status.Code.FAILED_PRECONDITION,
                failure(() -> relay.start(room, "127.0.0.1:1", List.of("teacher")).toCompletableFuture()
                        .get(15, TimeUnit.SECONDS)));
        assertEquals(0.0, b.metric("sfu_relays"));
        assertEquals(0.0, a.metric("sfu_participants"));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Status.Code failure(Call call) throws Exception {
        try {
            call.run();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException status) {
                return status.getStatus().getCode();
            }
            throw e;
        }
        return fail("the call succeeded");
    }
}
