package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RecordingNotice;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.RecordingChanged;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.SetRecording;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The teachers' recording switch: a student is refused; everyone sees it on, newcomers in their Welcome and at the
 * link check; the node's recorder is told whom to record (the teachers, again when they change) and when it stops,
 * the class's end included; it survives a recovery.
 */
class RoomRecordingTest extends RoomTestBase {
    private TestProbe<RecordingNotice> recorder;

    @BeforeEach
    void joinClass() {
        recorder = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(RecordingNotice.class, recorder.getRef()));
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void a_student_may_not_record() {
        expectRefused("s1", student, setRecording(true), ErrorCode.FORBIDDEN);
        assertTrue(room.getState().recording().isEmpty());
        recorder.expectNoMessage();
    }

    @Test
    void a_teacher_records_everyone_sees_it_and_the_recorder_is_told_whom_to_record() {
        RecordingChanged on = record(true);
        assertTrue(on.getOn());
        assertFalse(on.getRecordingId().isEmpty());
        assertEquals(new RecordingNotice.Record("room-1", on.getRecordingId(), List.of("t1"), ""), recorder.receiveMessage());
        assertTrue(submit("t1", teacher, 8, setRecording(true)).hasNoEvents(), "already on: nothing written");
        drain(teacher);

        TestProbe<RoomInfo> info = KIT.createTestProbe();
        room.runCommand(new RoomCommand.GetInfo(info.getRef()));
        assertTrue(info.receiveMessage().recording(), "the link check says it before joining");
        recorder.expectNoMessage();

        TestProbe<ToSession> second = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("t2", "Co-teacher", Role.ROLE_TEACHER, false, 0, 1, 0, second.getRef()));
        assertTrue(single(second).getWelcome().getRoom().getRecording(), "a newcomer's Welcome says it");
        assertEquals(new RecordingNotice.Record("room-1", on.getRecordingId(), List.of("t1", "t2"), ""), recorder.receiveMessage(),
                "a teacher who arrives is recorded too");
        drain(teacher, student, second);

        room.restart();
        assertEquals(on.getRecordingId(), room.getState().recording().orElseThrow(), "as folded from the journal");
        assertEquals(new RecordingNotice.Record("room-1", on.getRecordingId(), List.of("t1", "t2"), ""), recorder.receiveMessage(),
                "a class that moved tells its new node's recorder");

        room.runCommand(new RoomCommand.Connect("t1", "", Role.ROLE_UNSPECIFIED, true, room.getState().lastSeq(), 1, 0,
                teacher.getRef()));
        room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, room.getState().lastSeq(), 1, 0,
                student.getRef()));
        drain(teacher, student);
        RecordingChanged off = record(false);
        assertEquals(on.getRecordingId(), off.getRecordingId());
        assertEquals(new RecordingNotice.Stop("room-1", on.getRecordingId(), true, ""), recorder.receiveMessage());
        assertTrue(room.getState().recording().isEmpty());
    }

    @Test
    void the_end_of_the_class_ends_its_recording() {
        RecordingChanged on = record(true);
        recorder.receiveMessage();
        submit("t1", teacher, 9, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
        assertEquals(new RecordingNotice.Stop("room-1", on.getRecordingId(), true, ""), recorder.receiveMessage());
        assertTrue(room.getState().recording().isEmpty());
    }

    /** The teacher's switch, written and seen by the student; returns the event's body. */
    private RecordingChanged record(boolean on) {
        submit("t1", teacher, 7, setRecording(on));
        RoomEvent event = broadcast(student);
        assertTrue(event.hasRecordingChanged());
        assertEquals(event, own(teacher, 7));
        return event.getRecordingChanged();
    }

    private static ClientFrame.Builder setRecording(boolean on) {
        return ClientFrame.newBuilder().setSetRecording(SetRecording.newBuilder().setOn(on));
    }
}
