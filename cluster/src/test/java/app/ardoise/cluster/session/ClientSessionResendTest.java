package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.SessionProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.ws.ConnectionEvent;
import app.ardoise.cluster.ws.WebSocketCloser;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Error;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A session between its client and a class that moves, the class played by a probe: what the session sends the
 * class again when the class asks it to re-attach, and what the client sees meanwhile.
 */
class ClientSessionResendTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("pekko-versions.conf")
            .withFallback(ConfigFactory.defaultReference()));
    private static final String ROOM = "salle-12";
    private static final TokenService TOKENS = new TokenService("a secret of the test only", Clock.systemUTC());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void a_resync_lost_in_a_move_goes_again_until_a_welcome_answers_it() throws Exception {
        TestProbe<RoomProtocol> room = KIT.createTestProbe();
        BlockingQueue<ServerFrame> client = new LinkedBlockingQueue<>();
        ActorRef<SessionProtocol> session = start(room, client);

        send(session, ClientFrame.newBuilder().setClientSeq(1).setJoin(Join.newBuilder()
                .setToken(TOKENS.sign(JoinGrant.newBuilder().setRoom(ROOM).setRole(Role.ROLE_STUDENT)
                        .setExpiresAtEpochS(Clock.systemUTC().instant().getEpochSecond() + 3600).build()))
                .setDisplayName("Léa")).build());
        RoomCommand.Connect join = next(room, RoomCommand.Connect.class);
        join.session().tell(welcome(join.participantId()));
        assertTrue(client.poll(5, TimeUnit.SECONDS).hasWelcome());

        ClientFrame resync = ClientFrame.newBuilder().setClientSeq(2).setResync(Resync.getDefaultInstance()).build();
        send(session, resync);
        assertEquals(resync, next(room, RoomCommand.Submit.class).frame());

        // The class moved and lost it; where it runs now, it asks the session to come back and refuses the copy it
        // got before that.
        join.session().tell(new ToSession.Reattach());
        join.session().tell(ToSession.Deliver.of(ServerFrame.newBuilder().setError(Error.newBuilder().setClientSeq(2)
                .setCode(ErrorCode.UNAVAILABLE)).build()));
        assertTrue(next(room, RoomCommand.Connect.class).resume());
        assertEquals(resync, next(room, RoomCommand.Submit.class).frame(), "the Resync goes again after the re-attach");

        // Its Welcome ends it: the next re-attach sends nothing again.
        join.session().tell(welcome(join.participantId()));
        join.session().tell(new ToSession.Reattach());
        assertTrue(next(room, RoomCommand.Connect.class).resume());
        room.expectNoMessage(Duration.ofMillis(300));
        ServerFrame seen = client.poll(5, TimeUnit.SECONDS);
        assertTrue(seen.hasWelcome(), "the client sees the Welcome, not the unavailable its session dealt with: " + seen);
        assertNull(client.poll(300, TimeUnit.MILLISECONDS), "nothing else reaches the client");
    }

    private static ActorRef<SessionProtocol> start(TestProbe<RoomProtocol> room, BlockingQueue<ServerFrame> client) {
        SessionSettings settings = new SessionSettings(64, 16L << 20, 65_536, 10, 10, 30, 60, Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(1));
        ClientSession.Wiring wiring = new ClientSession.Wiring(ROOM, TestEntityRef.of(RoomProtocol.TYPE_KEY, ROOM, room.getRef()),
                TOKENS, settings, new ArdoiseMetrics(), Clock.systemUTC(), Optional.empty());
        ActorRef<SessionProtocol> session = KIT.spawn(ClientSession.create(wiring, new WebSocketCloser()));
        BoundedSourceQueue<Message> outbound = Source.<Message>queue(64)
                .to(Sink.foreach(message -> client.add(ServerFrame.parseFrom(
                        ((BinaryMessage) message).getStrictData().toArrayUnsafe()))))
                .run(KIT.system());
        session.tell(new ConnectionEvent.Outbound(outbound));
        session.tell(new ConnectionEvent.StreamStarted(KIT.<ConnectionEvent.StreamAck>createTestProbe().getRef()));
        return session;
    }

    private static void send(ActorRef<SessionProtocol> session, ClientFrame frame) {
        session.tell(new ConnectionEvent.Inbound(KIT.<ConnectionEvent.StreamAck>createTestProbe().getRef(),
                new ConnectionEvent.ClientMessage.Binary(ByteString.fromArray(frame.toByteArray()))));
    }

    private static ToSession.Deliver welcome(String participantId) {
        return ToSession.Deliver.of(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder().setParticipantId(participantId)
                .setRole(Role.ROLE_STUDENT).setResumed(true)).build());
    }

    /** The next message of this kind the class gets; heartbeats in between are skipped. */
    private static <T extends RoomProtocol> T next(TestProbe<RoomProtocol> room, Class<T> kind) {
        List<RoomProtocol> got = room.fishForMessage(Duration.ofSeconds(5), message -> kind.isInstance(message)
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
        return kind.cast(got.get(got.size() - 1));
    }
}
