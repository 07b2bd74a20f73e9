package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.junit.jupiter.api.Test;

/**
 * A class told to stop (a move, a passivation) while a write is under way: what its callers sent meanwhile goes on
 * to its next run through sharding, here the test's stand-in for it, instead of being dropped with the class.
 */
class RoomStopTest extends RoomTestBase {
    /** Chat waits an hour for its write, so that the stop's own write carries it. */
    private static final RoomSettings HELD = new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15),
            Duration.ofHours(1), seats(3), 50, 100, Duration.ofHours(1), ONE_SFU, true);

    @Test
    void whatComesDuringTheLastWriteGoesToTheNextRun() {
        TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
        ActorRef<RoomProtocol> moving = KIT.spawn(Room.create(
                new EntityContext<>(RoomProtocol.TYPE_KEY, "moving", shard.getRef()), HELD, new ArdoiseMetrics(),
                Clock.systemUTC(), this::group));
        TestProbe<RoomInfo> info = KIT.createTestProbe();
        moving.tell(new RoomCommand.Create("Histoire", 0, info.getRef()));
        assertTrue(info.receiveMessage().exists());
        moving.tell(new RoomCommand.Connect("t1", "Mme Roux", Role.ROLE_TEACHER, false, 0, 1, 0, teacher.getRef()));
        assertTrue(single(teacher).hasWelcome());

        group("moving");
        TestProbe<RoomProtocol> nextRun = groups.get("moving");
        moving.tell(new RoomCommand.Submit("t1", chat(2, "before the move"), teacher.getRef()));
        moving.tell(Room.Stop.INSTANCE);
        RoomCommand.Submit late = new RoomCommand.Submit("t1", chat(3, "during the last write"), teacher.getRef());
        moving.tell(late);
        RoomCommand.GetInfo asked = new RoomCommand.GetInfo(info.getRef());
        moving.tell(asked);

        // The pending chat is written and acknowledged, then the session is told to find the class's next run.
        boolean acknowledged = false;
        ToSession told = teacher.receiveMessage();
        while (!(told instanceof ToSession.Reattach)) {
            if (told instanceof ToSession.Deliver delivered) {
                acknowledged |= delivered.frames().stream().anyMatch(frame -> isAck(frame, 2));
            }
            told = teacher.receiveMessage();
        }
        assertTrue(acknowledged, "the chat accepted before the stop is acknowledged before the session re-attaches");

        assertEquals(late, nextRun.receiveMessage(), "the chat sent during the write reaches the next run");
        assertEquals(asked, nextRun.receiveMessage(), "and so does a REST caller's question, which it answers");
        info.expectNoMessage(Duration.ofMillis(200));
        teacher.expectNoMessage(Duration.ZERO);
        TestProbe<Object> watcher = KIT.createTestProbe();
        watcher.expectTerminated(moving, Duration.ofSeconds(3));
    }

    private static ClientFrame chat(long clientSeq, String text) {
        return ClientFrame.newBuilder().setClientSeq(clientSeq).setChat(Chat.newBuilder().setText(text)).build();
    }

    private static boolean isAck(ServerFrame frame, long clientSeq) {
        return frame.hasAck() && frame.getAck().getClientSeq() == clientSeq;
    }
}
