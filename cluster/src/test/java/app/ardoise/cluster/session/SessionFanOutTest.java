package app.ardoise.cluster.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node's relay alone: it tells each session of a fan-out its share once, and a session gone by then is skipped. */
class SessionFanOutTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseResources("pekko-versions.conf")
            .withFallback(ConfigFactory.defaultReference()));
    private static final int SESSIONS = 5;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void each_session_gets_its_share_once_and_in_order() {
        ActorRef<ToNode> relay = KIT.spawn(SessionFanOut.create());
        List<TestProbe<ToSession>> students = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            students.add(KIT.createTestProbe());
        }
        TestProbe<ToSession> teacher = KIT.createTestProbe();
        ToSession.Broadcast first = new ToSession.Broadcast(7, 8, ByteString.fromString("two events"));
        ToSession.Broadcast forTeachers = new ToSession.Broadcast(7, 9, ByteString.fromString("three events"));
        ToSession.Broadcast second = new ToSession.Broadcast(10, 10, ByteString.fromString("one event"));
        relay.tell(new ToNode.FanOut(List.of(new ToNode.Share(first, students.stream().map(TestProbe::getRef).toList()),
                new ToNode.Share(forTeachers, List.of(teacher.getRef())))));
        relay.tell(new ToNode.FanOut(List.of(new ToNode.Share(second,
                List.of(students.get(0).getRef(), teacher.getRef())))));

        for (TestProbe<ToSession> student : students) {
            assertSame(first, student.receiveMessage(), "the shared message itself, not a copy per session");
        }
        assertEquals(second, students.get(0).receiveMessage());
        assertEquals(forTeachers, teacher.receiveMessage());
        assertEquals(second, teacher.receiveMessage());
        for (TestProbe<ToSession> probe : students) {
            probe.expectNoMessage(Duration.ofMillis(100));
        }
        teacher.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void a_session_gone_is_skipped_and_the_others_still_get_theirs() {
        ActorRef<ToNode> relay = KIT.spawn(SessionFanOut.create());
        TestProbe<DeadLetter> deadLetters = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters.getRef()));
        // The subscription is a message to the event stream's actor, as is this publish after it: once this marker
        // arrives, the subscription is in place. Without it the relay's dead letter could come first and be missed.
        DeadLetter marker = new DeadLetter("subscribed", KIT.system().classicSystem().deadLetters(),
                KIT.system().classicSystem().deadLetters());
        KIT.system().eventStream().tell(new EventStream.Publish<>(marker));
        assertSame(marker, deadLetters.receiveMessage());
        ActorRef<ToSession> gone = KIT.spawn(Behaviors.<ToSession>stopped());
        TestProbe<ToSession> watcher = KIT.createTestProbe();
        watcher.expectTerminated(gone);
        TestProbe<ToSession> before = KIT.createTestProbe();
        TestProbe<ToSession> after = KIT.createTestProbe();
        ToSession.Relay cursor = new ToSession.Relay(ByteString.fromString("cursor"), 0);

        relay.tell(new ToNode.FanOut(List.of(new ToNode.Share(cursor, List.of(before.getRef(), gone, after.getRef())))));
        relay.tell(new ToNode.FanOut(List.of(new ToNode.Share(new ToSession.Reattach(), List.of(after.getRef())))));

        assertEquals(cursor, before.receiveMessage());
        assertEquals(cursor, after.receiveMessage());
        assertEquals(new ToSession.Reattach(), after.receiveMessage(), "the relay goes on after a session it could not tell");
        DeadLetter dead = deadLetters.receiveMessage();
        assertEquals(cursor, dead.message());
        assertEquals(gone.path(), dead.recipient().path());
        before.expectNoMessage(Duration.ofMillis(100));
    }
}
