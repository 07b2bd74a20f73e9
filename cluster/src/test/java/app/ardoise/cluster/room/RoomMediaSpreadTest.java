package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaPublication;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.Role;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A class spread over several SFUs (media/README.md, "The SFU pool"), one student per SFU: teachers and the first
 * student meet on the class's SFU, each further student goes to another SFU of the asker's spares, told to relay the
 * teachers from the class's SFU; a full SFU takes no one more, a lost one's students are placed anew, a new teacher
 * reaches every relaying SFU, and a student who leaves frees a seat.
 */
class RoomMediaSpreadTest extends RoomTestBase {
    private static final String A = "sfu-a:50051";
    private static final String B = "sfu-b:50051";
    private static final String C = "sfu-c:50051";
    private static final String D = "sfu-d:50051";
    private static final List<String> SPARES = List.of(A, B, C, D);

    private TestProbe<ToSession> second;
    private TestProbe<ToSession> third;

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1), seats(6), 50,
                100, Duration.ZERO, 1, true);
    }

    @BeforeEach
    void joinClass() {
        second = KIT.createTestProbe();
        third = KIT.createTestProbe();
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        join("s2", "Second", Role.ROLE_STUDENT, second);
        join("s3", "Third", Role.ROLE_STUDENT, third);
        drain(teacher, student, second, third);
    }

    @Test
    void students_beyond_the_limit_go_to_other_sfus_that_relay_the_teachers() {
        room.runCommand(new RoomCommand.PlaceMedia("s1", student.getRef(), "", A, SPARES));
        assertEquals(new ToSession.MediaPlaced(A), placed(student), "the first places the class and stays on it");
        drain(teacher, second, third);
        room.runCommand(new RoomCommand.PlaceMedia("t1", teacher.getRef(), "", B, SPARES));
        assertEquals(new ToSession.MediaPlaced(A), placed(teacher), "a teacher is never spread, nor counted");

        room.runCommand(new RoomCommand.PlaceMedia("s2", second.getRef(), "", A, SPARES));
        assertEquals(new ToSession.MediaPlaced(B, A, List.of("t1")), placed(second), "A is full: B relays t1 from A");
        room.runCommand(new RoomCommand.PlaceMedia("s3", third.getRef(), "", B, List.of(B, A, C, D)));
        assertEquals(new ToSession.MediaPlaced(C, A, List.of("t1")), placed(third), "B is full too, whatever its load");
        assertEquals(A, room.getState().mediaSfu(), "the class's own SFU does not change");

        // C is lost: its student is placed anew, on an SFU not in use; the class stays on A.
        room.runCommand(new RoomCommand.PlaceMedia("s3", third.getRef(), C, A, SPARES));
        assertEquals(new ToSession.MediaPlaced(D, A, List.of("t1")), placed(third));

        // A new teacher: one student of each relaying SFU is told, so that its session updates that SFU's relay.
        TestProbe<ToSession> coTeacher = KIT.createTestProbe();
        join("t2", "Co-teacher", Role.ROLE_TEACHER, coTeacher);
        assertEquals(new ToSession.MediaPlaced(B, A, List.of("t1", "t2")), placed(second));
        assertEquals(new ToSession.MediaPlaced(D, A, List.of("t1", "t2")), placed(third));

        // The student on A leaves: its seat there is free for the next one to ask.
        room.runCommand(new RoomCommand.Detach("s1", student.getRef()));
        room.runCommand(new RoomCommand.PlaceMedia("s2", second.getRef(), B, A, SPARES));
        assertEquals(new ToSession.MediaPlaced(A), placed(second));
    }

    @Test
    void a_pool_without_spare_keeps_every_student_on_the_class_sfu() {
        room.runCommand(new RoomCommand.PlaceMedia("s1", student.getRef(), "", A, List.of(A)));
        assertEquals(new ToSession.MediaPlaced(A), placed(student));
        room.runCommand(new RoomCommand.PlaceMedia("s2", second.getRef(), "", A, List.of(A)));
        assertEquals(new ToSession.MediaPlaced(A), placed(second), "nowhere else to go");
        room.runCommand(new RoomCommand.PlaceMedia("s3", third.getRef(), "", A, List.of()));
        assertEquals(new ToSession.MediaPlaced(A), placed(third), "an asker without spares");
    }

    @Test
    void a_relay_that_ends_does_not_take_the_teachers_tracks_from_the_class() {
        room.runCommand(new RoomCommand.PlaceMedia("s1", student.getRef(), "", A, SPARES));
        assertEquals(new ToSession.MediaPlaced(A), placed(student));
        drain(teacher, second, third);
        room.runCommand(new RoomCommand.PlaceMedia("s2", second.getRef(), "", A, SPARES));
        assertEquals(new ToSession.MediaPlaced(B, A, List.of("t1")), placed(second));
        drain(teacher, student, second, third);

        MediaTrack camera = MediaTrack.newBuilder().setId("cam-1").setKind(MediaKind.MEDIA_KIND_CAMERA).build();
        MediaTrack microphone = MediaTrack.newBuilder().setId("mic-1").setKind(MediaKind.MEDIA_KIND_MICROPHONE).build();
        room.runCommand(new RoomCommand.MediaTracks("s1", student.getRef(), "t1", TrackChange.ADD, List.of(camera)));
        assertEquals(List.of("cam-1"), published(teacher));
        // B's relay ends: its student's SFU takes the camera off, while A still has it.
        room.runCommand(new RoomCommand.MediaTracks("s2", second.getRef(), "t1", TrackChange.REMOVE, List.of(camera)));
        room.runCommand(new RoomCommand.MediaTracks("s1", student.getRef(), "t1", TrackChange.ADD, List.of(microphone)));
        assertEquals(List.of("cam-1", "mic-1"), published(teacher), "the camera is still the class's");
        // The class's own SFU says the camera ended: then it has.
        room.runCommand(new RoomCommand.MediaTracks("s1", student.getRef(), "t1", TrackChange.REMOVE, List.of(camera)));
        assertEquals(List.of("mic-1"), published(teacher));
    }

    /** The track ids of the next publications the session is sent. */
    private static List<String> published(TestProbe<ToSession> session) {
        for (int i = 0; i < 20; i++) {
            if (session.receiveMessage(Duration.ofSeconds(3)) instanceof ToSession.Deliver deliver
                    && deliver.frames().get(0).hasMediaState()) {
                return deliver.frames().get(0).getMediaState().getPublicationsList().stream()
                        .map(MediaPublication::getTrackId).toList();
            }
        }
        throw new AssertionError("no publications");
    }

    /** The next MediaPlaced the session gets, past the room's other messages. */
    private static ToSession.MediaPlaced placed(TestProbe<ToSession> session) {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            if (session.receiveMessage(Duration.ofSeconds(3)) instanceof ToSession.MediaPlaced placed) {
                return placed;
            }
        }
        throw new AssertionError("no placement");
    }
}
