package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
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
 * A Join the class refuses because it is full leaves the connection as if it had never joined: the session does
 * not knock again by itself (which let the client in unasked once a seat freed), the client may join again on the
 * same socket, and a socket that never gets in is closed at the join deadline.
 */
class ClientSessionRefusedJoinTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("pekko-versions.conf")
            .withFallback(ConfigFactory.defaultReference()));
    private static final String ROOM = "salle-pleine";
    private static final TokenService TOKENS = new TokenService("a secret of the test only", Clock.systemUTC());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void a_join_refused_as_room_full_is_no_join() throws Exception {
        TestProbe<RoomProtocol> room = KIT.createTestProbe();
        BlockingQueue<ServerFrame> client = new LinkedBlockingQueue<>();
        WebSocketCloser closer = new WebSocketCloser();
        ActorRef<SessionProtocol> session = start(room, client, closer);

        send(session, join(1));
        RoomCommand.Connect first = next(room, RoomCommand.Connect.class);
        first.session().tell(ToSession.Deliver.of(ServerFrame.newBuilder().setError(Error.newBuilder()
                .setClientSeq(1).setCode(ErrorCode.ROOM_FULL)).build()));
        assertEquals(ErrorCode.ROOM_FULL, client.poll(5, TimeUnit.SECONDS).getError().getCode());

        // What a heartbeat's answer looks like to a session the class does not know.
        first.session().tell(new ToSession.Reattach());
        room.expectNoMessage(Duration.ofMillis(500));

        send(session, join(2));
        RoomCommand.Connect again = next(room, RoomCommand.Connect.class);
        assertFalse(again.resume(), "a second Join is a join, not 'already in the class'");
        assertEquals(2, again.clientSeq());
        assertEquals(List.of(), List.copyOf(client), "nothing refused the second Join on the session's side");

        again.session().tell(ToSession.Deliver.of(ServerFrame.newBuilder().setError(Error.newBuilder()
                .setClientSeq(2).setCode(ErrorCode.ROOM_FULL)).build()));
        room.expectTerminated(again.session(), JOIN_TIMEOUT.plusSeconds(3));
    }

    private static ClientFrame join(long clientSeq) {
        return ClientFrame.newBuilder().setClientSeq(clientSeq).setJoin(Join.newBuilder()
                .setToken(TOKENS.sign(JoinGrant.newBuilder().setRoom(ROOM).setRole(Role.ROLE_STUDENT)
                        .setExpiresAtEpochS(Clock.systemUTC().instant().getEpochSecond() + 3600).build()))
                .setDisplayName("Léa")).build();
    }

    private static ActorRef<SessionProtocol> start(TestProbe<RoomProtocol> room, BlockingQueue<ServerFrame> client,
                                                   WebSocketCloser closer) {
        SessionSettings settings = new SessionSettings(64, 16L << 20, 65_536, 10, 10, 30, 60, Duration.ofMinutes(5),
                Duration.ofHours(1), JOIN_TIMEOUT, Duration.ofDays(1));
        ClientSession.Wiring wiring = new ClientSession.Wiring(ROOM, TestEntityRef.of(RoomProtocol.TYPE_KEY, ROOM, room.getRef()),
                TOKENS, settings, new ArdoiseMetrics(), Clock.systemUTC(), Optional.empty());
        ActorRef<SessionProtocol> session = KIT.spawn(ClientSession.create(wiring, closer));
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

    /** The next message of this kind the class gets; heartbeats in between are skipped. */
    private static <T extends RoomProtocol> T next(TestProbe<RoomProtocol> room, Class<T> kind) {
        List<RoomProtocol> got = room.fishForMessage(Duration.ofSeconds(5), message -> kind.isInstance(message)
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
        return kind.cast(got.get(got.size() - 1));
    }
}
