package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.ClusterMessage;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A room in Pekko's EventSourcedBehaviorTestKit (in-memory journal), with a teacher and a student probe. */
abstract class RoomTestBase {
    /** Students per SFU (ardoise.media.students-per-sfu's default): classes of the tests never spread. */
    static final int ONE_SFU = 250;
    /** One actor system per test class, shut down after it. */
    static ActorTestKit KIT;
    private static final RoomSettings SETTINGS =
            new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), RoomTestBase.seats(3), 50, 100, Duration.ZERO, ONE_SFU, true);

    EventSourcedBehaviorTestKit<RoomProtocol, RoomEvent, RoomState> room;
    TestProbe<ToSession> teacher;
    TestProbe<ToSession> student;
    /** Each breakout group the class reaches, by room id: the test plays the group's part. */
    final Map<String, TestProbe<RoomProtocol>> groups = new ConcurrentHashMap<>();

    @BeforeAll
    static void startKit() {
        KIT = ActorTestKit.create(
                EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = local
                        pekko.actor.serializers.ardoise = "app.ardoise.cluster.serialization.ClusterMessageSerializer"
                        pekko.actor.serialization-bindings {
                          "app.ardoise.cluster.contract.ClusterMessage" = ardoise
                        }
                        """)).withFallback(ConfigFactory.parseResources("pekko-versions.conf"))
                        .withFallback(ConfigFactory.defaultReference()));
    }

    /** A class of {@code max} students by default and at most, never a lecture. */
    static Capacity seats(int max) {
        return new Capacity(max, max, max, Duration.ofSeconds(1));
    }

    /** A class of 3 at most, so that capacity is easy to reach; a test that needs more says so. */
    RoomSettings settings() {
        return SETTINGS;
    }

    @BeforeEach
    void setUp() {
        TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
        EntityContext<RoomProtocol> entity = new EntityContext<>(RoomProtocol.TYPE_KEY, "room-1", shard.getRef());
        // The state leaves through the snapshot adapter as a Protobuf message, so it is not serialized as such.
        room = EventSourcedBehaviorTestKit.create(KIT.system(),
                Room.create(entity, settings(), new ArdoiseMetrics(), Clock.systemUTC(), this::group),
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
        teacher = KIT.createTestProbe();
        student = KIT.createTestProbe();
        TestProbe<RoomInfo> info = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Create("Physique", 0, info.getRef()));
        assertTrue(info.receiveMessage().exists());
    }

    RecipientRef<RoomProtocol> group(String roomId) {
        return groups.computeIfAbsent(roomId, id -> KIT.<RoomProtocol>createTestProbe()).getRef();
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    void join(String id, String name, Role role, TestProbe<ToSession> session) {
        room.runCommand(new RoomCommand.Connect(id, name, role, false, 0, 1, 0, session.getRef()));
        assertTrue(single(session).hasWelcome());
    }

    CommandResult<RoomProtocol, RoomEvent, RoomState> submit(String id, TestProbe<ToSession> session,
                                                                     long clientSeq, ClientFrame.Builder frame) {
        return room.runCommand(new RoomCommand.Submit(id, frame.setClientSeq(clientSeq).build(), session.getRef()));
    }

    void expectRefused(String id, TestProbe<ToSession> session, ClientFrame.Builder frame, String code) {
        var result = submit(id, session, 42, frame);
        assertTrue(result.hasNoEvents(), "no event for a refused " + frame.getBodyCase());
        ServerFrame error = single(session);
        assertEquals(code, error.getError().getCode(), error.getError().getMessage());
        assertEquals(42, error.getError().getClientSeq());
    }

    static RoomEvent broadcast(TestProbe<ToSession> session) {
        var broadcast = session.expectMessageClass(ToSession.Broadcast.class);
        try {
            RoomEvent event = ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe()).getEvent();
            assertEquals(event.getSeq(), broadcast.firstSeq());
            assertEquals(event.getSeq(), broadcast.lastSeq());
            return event;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * What another participant gets of an accepted whiteboard batch: at once the live batch (protocol/WHITEBOARD.md,
     * "Live batches"), then, once written, the same event; returns it.
     */
    static RoomEvent liveThenWritten(TestProbe<ToSession> session) {
        try {
            ServerFrame live = ServerFrame.parseFrom(session.expectMessageClass(ToSession.Relay.class).frame().toArrayUnsafe());
            assertTrue(live.hasLiveBatch(), live.toString());
            RoomEvent written = broadcast(session);
            assertEquals(live.getLiveBatch(), written);
            return written;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** What the author of an accepted action gets: its event, then its ack; returns the event. */
    static RoomEvent own(TestProbe<ToSession> session, long clientSeq) {
        var frames = session.expectMessageClass(ToSession.Deliver.class).frames();
        assertEquals(2, frames.size(), frames.toString());
        assertEquals(clientSeq, frames.get(1).getAck().getClientSeq());
        assertEquals(frames.get(0).getEvent().getSeq(), frames.get(1).getAck().getSeq());
        return frames.get(0).getEvent();
    }

    /** Takes whatever the sessions have been sent so far. */
    static void drain(TestProbe<?>... sessions) {
        for (TestProbe<?> session : sessions) {
            while (true) {
                try {
                    session.receiveMessage(Duration.ofMillis(50));
                } catch (AssertionError none) {
                    break;
                }
            }
        }
    }

    static ServerFrame single(TestProbe<ToSession> session) {
        var frames = session.expectMessageClass(ToSession.Deliver.class).frames();
        assertEquals(1, frames.size(), frames.toString());
        return frames.get(0);
    }
}
