package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RecordingNotice;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.SetRecording;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The class's SFU (media/README.md, "The SFU pool"): the first session to ask places the class on its proposal, the
 * others meet there; a lost SFU moves the class, every session hears it, and the recorder follows; the placement
 * survives a recovery; a session the room does not hold changes nothing.
 */
class RoomMediaPlacementTest extends RoomTestBase {

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void the_first_proposal_places_the_class_and_a_lost_sfu_moves_it_for_everyone() {
        TestProbe<RecordingNotice> recorder = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(RecordingNotice.class, recorder.getRef()));
        submit("t1", teacher, 7, ClientFrame.newBuilder().setSetRecording(SetRecording.newBuilder().setOn(true)));
        String recordingId = room.getState().recording().orElseThrow();
        assertEquals(new RecordingNotice.Record("room-1", recordingId, List.of("t1"), ""), recorder.receiveMessage(),
                "nobody in media yet: no SFU to record on");
        drain(teacher, student);

        room.runCommand(new RoomCommand.PlaceMedia("s1", student.getRef(), "", "sfu-a:50051", List.of()));
        assertEquals("sfu-a:50051", placed(student));
        assertEquals("sfu-a:50051", placed(teacher));
        assertEquals("sfu-a:50051", room.getState().mediaSfu());
        assertEquals(new RecordingNotice.Record("room-1", recordingId, List.of("t1"), "sfu-a:50051"),
                recorder.receiveMessage(), "the recorder of the class's SFU records it");

        // Another node's proposal, or its word that some other SFU is lost, changes nothing: the class stays.
        room.runCommand(new RoomCommand.PlaceMedia("t1", teacher.getRef(), "", "sfu-b:50051", List.of()));
        assertEquals("sfu-a:50051", placed(teacher));
        room.runCommand(new RoomCommand.PlaceMedia("t1", teacher.getRef(), "sfu-c:50051", "sfu-b:50051", List.of()));
        assertEquals("sfu-a:50051", placed(teacher));
        student.expectNoMessage(Duration.ofMillis(200));

        room.runCommand(new RoomCommand.PlaceMedia("s1", student.getRef(), "sfu-a:50051", "sfu-b:50051", List.of()));
        assertEquals("sfu-b:50051", placed(student));
        assertEquals("sfu-b:50051", placed(teacher));
        assertEquals(new RecordingNotice.Record("room-1", recordingId, List.of("t1"), "sfu-b:50051"),
                recorder.receiveMessage(), "the recording goes on with the new SFU's recorder");
        // The second session to find it lost finds the class already moved.
        room.runCommand(new RoomCommand.PlaceMedia("t1", teacher.getRef(), "sfu-a:50051", "sfu-c:50051", List.of()));
        assertEquals("sfu-b:50051", placed(teacher));

        room.restart();
        assertEquals("sfu-b:50051", room.getState().mediaSfu(), "as folded from the journal");
    }

    @Test
    void a_session_the_room_does_not_hold_places_nothing() {
        TestProbe<ToSession> stranger = KIT.createTestProbe();
        room.runCommand(new RoomCommand.PlaceMedia("s1", stranger.getRef(), "", "sfu-a:50051", List.of()));
        stranger.expectNoMessage(Duration.ofMillis(200));
        assertTrue(room.getState().mediaSfu().isEmpty());
    }

    /** The next MediaPlaced the session gets; the placement's event itself reaches no client. */
    private static String placed(TestProbe<ToSession> session) {
        ToSession message = session.receiveMessage();
        assertTrue(message instanceof ToSession.MediaPlaced, "not a placement: " + message);
        return ((ToSession.MediaPlaced) message).sfu();
    }
}
