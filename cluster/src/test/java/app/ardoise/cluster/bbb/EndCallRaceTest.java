package app.ardoise.cluster.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.http.RoomDirectory;
import app.ardoise.cluster.support.TestNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;

/**
 * Two {@code end} calls read the open meeting; the first ends it, a create starts it again, then the second, whose
 * class took longer to end, writes. Before, that write put back the old createTime and passwords, so the teachers
 * Moodle sent with the new createTime were refused.
 */
class EndCallRaceTest {
    private final TestNode node = TestNode.shared();

    @Test
    void an_end_read_before_a_create_leaves_the_meeting_it_started_again_be() throws Exception {
        BbbMeetings meetings = new BbbMeetings(node.system(), node.keyspace());
        EndCall end = new EndCall(meetings, new RoomDirectory(ClusterSharding.get(node.system()), Duration.ofSeconds(10)),
                Clock.systemUTC());
        String meetingId = "end-race-" + UUID.randomUUID();
        String roomId = node.createRoom("Sciences").getRoomId();
        BbbMeeting open = new BbbMeeting(meetingId, roomId, 1_000, 0, Map.of("moderatorPW", "mp"));
        assertTrue(await(meetings.add(open)));

        BbbMeeting ended = await(end.ended(open));
        BbbMeeting again = new BbbMeeting(meetingId, roomId, ended.endedAt() + 1, 0, Map.of("moderatorPW", "mp2"));
        assertTrue(await(meetings.renew(ended, again)), "the create after the end starts the meeting again");

        await(end.ended(open));
        assertEquals(Optional.of(again), await(meetings.find(meetingId)), "the late end wrote nothing");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
