package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many students joining at once: the joins that arrive while a write is in flight are written together in the
 * next one, and the class's limit still holds exactly. The room runs as a plain actor here, not through the
 * command-at-a-time testkit, so that the joins really do arrive together. Its journal holds each write until every
 * join has been told: on a loaded machine this test's thread may pause between two tells, and the class would then
 * write the joins in as many small writes as there were pauses, a count of the scheduler's pauses, not of the class.
 */
class RoomJoinStormTest extends RoomTestBase {
    private static final int SEATS = 10;
    private static final int KNOCKING = 40;

    private final ArdoiseMetrics metrics = new ArdoiseMetrics();
    private ActorRef<RoomProtocol> storm;
    private TestProbe<ToSession> prof;

    @BeforeEach
    void startStorm() {
        TestProbe<ClusterSharding.ShardCommand> shard = KIT.createTestProbe();
        RoomSettings settings = new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1),
                seats(SEATS), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
        storm = KIT.spawn(Room.create(new EntityContext<>(RoomProtocol.TYPE_KEY, "storm-" + UUID.randomUUID(), shard.getRef()),
                settings, metrics, Clock.systemUTC(), this::group));
        TestProbe<RoomInfo> info = KIT.createTestProbe();
        storm.tell(new RoomCommand.Create("Amphi", 0, info.getRef()));
        assertTrue(info.receiveMessage().exists());
        prof = KIT.createTestProbe();
        storm.tell(new RoomCommand.Connect("t1", "Prof", Role.ROLE_TEACHER, false, 0, 1, 0, prof.getRef()));
        assertTrue(single(prof).hasWelcome());
    }

    @Test
    void a_burst_of_joins_is_written_in_few_writes_and_fills_the_class_exactly() {
        long writesBefore = writes();
        List<TestProbe<ToSession>> students = new ArrayList<>();
        for (int i = 0; i < KNOCKING; i++) {
            students.add(KIT.createTestProbe());
        }
        CountDownLatch allTold = new CountDownLatch(1);
        PersistenceTestKit journal = PersistenceTestKit.create(KIT.system());
        journal.withPolicy((persistenceId, operation) -> {
            if (operation instanceof WriteEvents) {
                awaitQuietly(allTold);
            }
            return ProcessingSuccess.getInstance();
        });
        try {
            for (int i = 0; i < KNOCKING; i++) {
                storm.tell(new RoomCommand.Connect("s" + i, "Élève " + i, Role.ROLE_STUDENT, false, 0, 1, 0, students.get(i).getRef()));
            }
        } finally {
            allTold.countDown();
            journal.resetPolicy();
        }
        int welcomed = 0;
        long lastSeq = 0;
        for (TestProbe<ToSession> student : students) {
            ServerFrame answer = single(student);
            if (answer.hasWelcome()) {
                welcomed++;
                lastSeq = Math.max(lastSeq, answer.getWelcome().getLastSeq());
            } else {
                assertEquals(ErrorCode.ROOM_FULL, answer.getError().getCode(), answer.toString());
            }
        }
        assertEquals(SEATS, welcomed, "the limit holds exactly: as many students as seats, not one more");
        long joinWrites = writes() - writesBefore;
        assertTrue(joinWrites <= 3, SEATS + " joins took " + joinWrites + " writes");

        // The teacher hears every arrival once, in fewer frames than arrivals.
        Set<String> arrived = new HashSet<>();
        int frames = 0;
        while (arrived.size() < SEATS) {
            frames++;
            for (RoomEvent event : events(prof.expectMessageClass(ToSession.Broadcast.class))) {
                assertTrue(arrived.add(event.getJoined().getParticipantId()), "heard twice: " + event);
                assertTrue(event.getSeq() <= lastSeq);
            }
        }
        assertTrue(frames < SEATS, SEATS + " arrivals came in " + frames + " frames");
        prof.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void a_student_connecting_twice_before_the_write_joins_once_on_the_newer_session() {
        // The first join writes alone; the ones that arrive meanwhile wait for the next write.
        List<TestProbe<ToSession>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(KIT.createTestProbe());
            storm.tell(new RoomCommand.Connect("o" + i, "Autre " + i, Role.ROLE_STUDENT, false, 0, 1, 0, others.get(i).getRef()));
        }
        TestProbe<ToSession> first = KIT.createTestProbe();
        TestProbe<ToSession> second = KIT.createTestProbe();
        storm.tell(new RoomCommand.Connect("s1", "Ana", Role.ROLE_STUDENT, false, 0, 1, 0, first.getRef()));
        storm.tell(new RoomCommand.Connect("s1", "Ana", Role.ROLE_STUDENT, false, 0, 1, 0, second.getRef()));
        ServerFrame welcome = single(second);
        assertEquals(1, welcome.getWelcome().getRoom().getParticipantsList().stream()
                .filter(participant -> participant.getId().equals("s1")).count());
        // Welcomed first or not, depending on whether its join had to wait: either way it is replaced.
        ToSession message = first.receiveMessage();
        while (!(message instanceof ToSession.Close)) {
            message = first.receiveMessage();
        }
        assertEquals(CloseCode.REPLACED, ((ToSession.Close) message).code());
        int joined = 0;
        while (joined < 4) {
            for (RoomEvent event : events(prof.expectMessageClass(ToSession.Broadcast.class))) {
                joined++;
                assertTrue(event.hasJoined());
            }
        }
        prof.expectNoMessage(Duration.ofMillis(200));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long writes() {
        return metrics.registry().get("ardoise_persist_latency").timer().count();
    }

    private static List<RoomEvent> events(ToSession.Broadcast broadcast) {
        try {
            return ServerFrames.eventsOf(ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe()));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
