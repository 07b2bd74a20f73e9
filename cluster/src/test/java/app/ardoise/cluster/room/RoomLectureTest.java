package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetMaxParticipants;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * A class's own limit of students, which teachers set and students may not, and lectures: a class allowed more
 * than lecture-above sends its students a count of who is connected, once per presence window, instead of every
 * other student's arrival and departure; its teachers still see everyone.
 */
class RoomLectureTest extends RoomTestBase {
    private static final Duration WINDOW = Duration.ofMillis(500);

    /** 3 students by default, a class may allow up to 10, and one allowed more than 5 is a lecture. */
    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofHours(1),
                new Capacity(3, 10, 5, WINDOW), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @Test
    void a_teacher_sets_the_class_s_limit_and_teachers_take_no_seat() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        for (String id : List.of("a", "b", "c")) {
            join(id, id, Role.ROLE_STUDENT, KIT.createTestProbe());
        }
        TestProbe<ToSession> late = KIT.createTestProbe();
        assertTrue(room.runCommand(new RoomCommand.Connect("d", "D", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef())).hasNoEvents());
        ServerFrame refused = single(late);
        assertEquals(ErrorCode.ROOM_FULL, refused.getError().getCode());
        assertEquals("the class is full: 3 students at most", refused.getError().getMessage());
        // A full class never locks out the people who run it.
        join("t2", "Co", Role.ROLE_TEACHER, KIT.createTestProbe());
        drain(teacher);

        var raised = submit("t1", teacher, 2, ClientFrame.newBuilder().setSetMaxParticipants(SetMaxParticipants.newBuilder().setMaxParticipants(4)));
        assertEquals(4, raised.event().getMaxParticipantsChanged().getMaxParticipants());
        assertEquals(4, own(teacher, 2).getMaxParticipantsChanged().getMaxParticipants());
        room.runCommand(new RoomCommand.Connect("d", "D", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        Welcome in = welcome(late);
        assertEquals(4, in.getRoom().getMaxParticipants());
        assertEquals(6, in.getRoom().getConnected(), "four students and two teachers");
        assertFalse(in.getRoom().getLecture());
        TestProbe<ToSession> fifth = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("e", "E", Role.ROLE_STUDENT, false, 0, 1, 0, fifth.getRef()));
        assertEquals("the class is full: 4 students at most", single(fifth).getError().getMessage());
        // Lowering it turns nobody out.
        submit("t1", teacher, 3, ClientFrame.newBuilder().setSetMaxParticipants(SetMaxParticipants.newBuilder().setMaxParticipants(1)));
        assertEquals(1, room.getState().maxParticipants());
        assertEquals(4, room.getState().connectedStudents());
        assertEquals(1, room.restart().state().maxParticipants(), "the class's limit is in its journal");
    }

    @Test
    void a_student_cannot_set_the_limit_nor_a_teacher_past_the_deployment_s_bound() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        join("s1", "Zoé", Role.ROLE_STUDENT, student);
        drain(teacher, student);
        expectRefused("s1", student, setMax(8), ErrorCode.FORBIDDEN);
        expectRefused("t1", teacher, setMax(11), ErrorCode.INVALID);
        expectRefused("t1", teacher, setMax(0), ErrorCode.INVALID);
        assertEquals(0, room.getState().maxParticipants(), "still the deployment's default");
        teacher.expectNoMessage(Duration.ofMillis(50));
        student.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void in_a_lecture_students_get_the_teachers_and_a_count_once_per_window_and_teachers_every_arrival() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        submit("t1", teacher, 2, setMax(10));
        own(teacher, 2);
        room.runCommand(new RoomCommand.Connect("s1", "Zoé", Role.ROLE_STUDENT, false, 0, 1, 0, student.getRef()));
        Welcome welcome = welcome(student);
        assertTrue(welcome.getRoom().getLecture());
        assertEquals(10, welcome.getRoom().getMaxParticipants());
        assertEquals(2, welcome.getRoom().getConnected());
        assertEquals(List.of("t1", "s1"), welcome.getRoom().getParticipantsList().stream().map(Participant::getId).toList());
        assertEquals(RoomEvent.BodyCase.JOINED, broadcast(teacher).getBodyCase());

        List<TestProbe<ToSession>> others = new ArrayList<>();
        for (int i = 2; i <= 7; i++) {
            TestProbe<ToSession> other = KIT.createTestProbe();
            others.add(other);
            room.runCommand(new RoomCommand.Connect("s" + i, "S" + i, Role.ROLE_STUDENT, false, 0, 1, 0, other.getRef()));
            Welcome theirs = welcome(other);
            assertEquals(List.of("t1", "s" + i), theirs.getRoom().getParticipantsList().stream().map(Participant::getId).toList(),
                    "no student's Welcome lists the other students");
        }
        for (int i = 2; i <= 7; i++) {
            assertEquals("s" + i, broadcast(teacher).getJoined().getParticipantId(), "teachers see every arrival");
        }

        List<ServerFrame> seen = received(student, WINDOW.multipliedBy(3));
        assertTrue(seen.stream().noneMatch(ServerFrame::hasEvent), "no other student's arrival: " + seen);
        List<Integer> counts = seen.stream().filter(ServerFrame::hasPresence).map(f -> f.getPresence().getConnected()).toList();
        assertFalse(counts.isEmpty(), "a count: " + seen);
        assertTrue(counts.size() <= 3, "a count per window, not one per arrival: " + counts);
        assertEquals(8, counts.get(counts.size() - 1));

        submit("s2", others.get(0), 5, ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
        RoomEvent left = broadcast(teacher);
        assertEquals("s2", left.getLeft().getParticipantId());
        assertEquals(Role.ROLE_STUDENT, left.getLeft().getRole());
        List<ServerFrame> after = received(student, WINDOW.multipliedBy(3));
        assertEquals(List.of(7), after.stream().map(f -> f.getPresence().getConnected()).toList(), "only the count: " + after);

        TestProbe<ToSession> coTeacher = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Co", Role.ROLE_TEACHER, false, 0, 1, 0, coTeacher.getRef()));
        assertEquals(8, welcome(coTeacher).getRoom().getParticipantsCount(), "a teacher's Welcome lists everyone");
    }

    @Test
    void outside_a_lecture_students_see_every_arrival_and_no_count() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        join("s1", "Zoé", Role.ROLE_STUDENT, student);
        drain(teacher, student);
        join("s2", "Léo", Role.ROLE_STUDENT, KIT.createTestProbe());
        assertEquals("s2", broadcast(student).getJoined().getParticipantId());
        assertTrue(received(student, WINDOW.multipliedBy(2)).isEmpty(), "no Presence outside a lecture");
    }

    @Test
    void a_class_that_becomes_a_lecture_tells_its_students_so_with_a_new_welcome() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        join("s1", "Zoé", Role.ROLE_STUDENT, student);
        join("s2", "Léo", Role.ROLE_STUDENT, KIT.createTestProbe());
        drain(teacher, student);
        submit("t1", teacher, 2, setMax(9));
        assertEquals(9, broadcast(student).getMaxParticipantsChanged().getMaxParticipants());
        Welcome again = welcome(student);
        assertTrue(again.getRoom().getLecture());
        assertEquals(List.of("t1", "s1"), again.getRoom().getParticipantsList().stream().map(Participant::getId).toList());
    }

    @Test
    void in_a_lecture_a_chat_message_names_its_author_whom_students_have_not_on_their_roster() {
        join("t1", "Prof", Role.ROLE_TEACHER, teacher);
        submit("t1", teacher, 2, setMax(10));
        join("s1", "Zoé", Role.ROLE_STUDENT, student);
        TestProbe<ToSession> other = KIT.createTestProbe();
        join("s2", "Léo", Role.ROLE_STUDENT, other);
        drain(teacher, other);
        submit("s2", other, 2, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("Bonjour")));
        RoomEvent chat = received(student, WINDOW.multipliedBy(2)).stream()
                .flatMap(f -> ServerFrames.eventsOf(f).stream())
                .filter(RoomEvent::hasChat).findFirst().orElseThrow();
        assertEquals("Léo", chat.getChat().getAuthorName());
        assertEquals("Léo", room.getState().viewFor("room-1", "s1").getChat(0).getFromName(), "and in later Welcomes");
    }

    private static ClientFrame.Builder setMax(int max) {
        return ClientFrame.newBuilder().setSetMaxParticipants(SetMaxParticipants.newBuilder().setMaxParticipants(max));
    }

    private static Welcome welcome(TestProbe<ToSession> session) {
        ServerFrame frame = single(session);
        assertTrue(frame.hasWelcome(), frame.toString());
        return frame.getWelcome();
    }

    /** Every frame the session gets within {@code within}: Deliver's frames and Broadcasts' events alike. */
    private static List<ServerFrame> received(TestProbe<ToSession> session, Duration within) {
        List<ServerFrame> frames = new ArrayList<>();
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            ToSession message;
            try {
                message = session.receiveMessage(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (AssertionError nothingMore) {
                break;
            }
            if (message instanceof ToSession.Deliver deliver) {
                frames.addAll(deliver.frames());
            } else if (message instanceof ToSession.Broadcast broadcast) {
                try {
                    frames.add(ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe()));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return frames;
    }
}
