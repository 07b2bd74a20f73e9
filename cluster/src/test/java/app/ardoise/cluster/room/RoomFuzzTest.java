package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any frames from a joined teacher and student submitted to a real Room actor, in Pekko's
 * EventSourcedBehaviorTestKit with its in-memory journal (bin/fuzz room). Input: {@link FrameRecords}. After
 * each frame its sender posts a chat message, which must get its answer (an ack or an error): the room never
 * stops answering, whatever it was sent. Each accepted whiteboard batch must keep {@link BoardInvariants}.
 */
class RoomFuzzTest {
    /** Snapshots often, so that inputs also go through the snapshot adapter. */
    private static final RoomSettings SETTINGS =
            new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), RoomTestBase.seats(3), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    private static final long FUZZED_SEQS = 1_000_000;
    private static final long PROBE_SEQS = 2_000_000;

    private static ActorTestKit kit;
    private static EventSourcedBehaviorTestKit<RoomProtocol, RoomEvent, RoomState> room;

    @BeforeAll
    static void startKit() {
        kit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.actor.serializers.ardoise = "app.ardoise.cluster.serialization.ClusterMessageSerializer"
                pekko.actor.serialization-bindings {
                  "app.ardoise.cluster.contract.ClusterMessage" = ardoise
                }
                """)).withFallback(ConfigFactory.parseResources("pekko-versions.conf"))
                .withFallback(ConfigFactory.defaultReference()));
        TestProbe<ClusterSharding.ShardCommand> shard = kit.createTestProbe();
        EntityContext<RoomProtocol> entity = new EntityContext<>(RoomProtocol.TYPE_KEY, "fuzz-room", shard.getRef());
        // One room for the whole run, cleared (journal emptied, actor restarted) before each input.
        room = EventSourcedBehaviorTestKit.create(kit.system(),
                Room.create(entity, SETTINGS, new ArdoiseMetrics(), Clock.systemUTC(), groups(kit)),
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    }

    /** Breakout groups that never answer: the fuzzed class keeps its plan and asks again. */
    private static Function<String, RecipientRef<RoomProtocol>> groups(
            ActorTestKit kit) {
        TestProbe<RoomProtocol> silent = kit.createTestProbe();
        return id -> silent.getRef();
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }

    @FuzzTest
    void theRoomKeepsAnswering(byte[] input) {
        room.clear();
        TestProbe<RoomInfo> info = kit.createTestProbe();
        room.runCommand(new RoomCommand.Create("Physique", 0, info.getRef()));
        Map<String, TestProbe<ToSession>> sessions = Map.of(
                FrameRecords.TEACHER, kit.createTestProbe(), FrameRecords.STUDENT, kit.createTestProbe());
        try {
            join(FrameRecords.TEACHER, Role.ROLE_TEACHER, sessions);
            join(FrameRecords.STUDENT, Role.ROLE_STUDENT, sessions);
            long n = 0;
            for (FrameRecords record : FrameRecords.read(input)) {
                n++;
                submit(record.sender(), sessions.get(record.sender()), record.frame(), FUZZED_SEQS + n, PROBE_SEQS + n);
            }
        } finally {
            info.stop();
            sessions.values().forEach(TestProbe::stop);
        }
    }

    private static void join(String id, Role role, Map<String, TestProbe<ToSession>> sessions) {
        room.runCommand(new RoomCommand.Connect(id, id, role, false, 0, 1, 0, sessions.get(id).getRef()));
    }

    /** Submits the fuzzed frame, then a chat; waits for the chat's answer; checks the board if the frame was a batch the room took. */
    private static void submit(String sender, TestProbe<ToSession> session, ClientFrame fuzzed, long seq, long probeSeq) {
        long lamportBefore = room.getState().whiteboard().maxLamport();
        room.runCommand(new RoomCommand.Submit(sender, fuzzed.toBuilder().setClientSeq(seq).build(), session.getRef()));
        room.runCommand(new RoomCommand.Submit(sender, ClientFrame.newBuilder().setClientSeq(probeSeq)
                .setChat(Chat.newBuilder().setText("still there?")).build(), session.getRef()));
        // A batch is always answered too, an ack once written or an error: its answer may come after the chat's
        // when the chat was refused while the batch waited for the next write.
        boolean fuzzedAnswered = !fuzzed.hasWhiteboard();
        boolean fuzzedAccepted = false;
        boolean probeAnswered = false;
        while (!(probeAnswered && fuzzedAnswered)) {
            ToSession message = session.receiveMessage(ANSWER_WITHIN);
            if (!(message instanceof ToSession.Deliver deliver)) {
                continue; // broadcasts, relays, media routes, a Close
            }
            for (ServerFrame frame : deliver.frames()) {
                fuzzedAccepted |= frame.hasAck() && frame.getAck().getClientSeq() == seq;
                fuzzedAnswered |= answers(frame, seq);
                probeAnswered |= answers(frame, probeSeq);
                assertTrue(!(frame.hasAck() && frame.getAck().getClientSeq() == probeSeq) || frame.getAck().getSeq() > 0,
                        "a chat message acknowledged without an event");
            }
        }
        if (fuzzedAccepted && fuzzed.hasWhiteboard()) {
            BoardInvariants.assertAfterAcceptedBatch(room.getState().whiteboard(), lamportBefore, fuzzed.getWhiteboard());
        }
    }

    private static boolean answers(ServerFrame frame, long clientSeq) {
        return (frame.hasAck() && frame.getAck().getClientSeq() == clientSeq)
                || (frame.hasError() && frame.getError().getClientSeq() == clientSeq);
    }
}
