package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.SetLocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two teachers' lock switches at the same moment: each sends the locks as it last saw them and as it wants them,
 * and the class applies what each one changed, so neither click undoes the other.
 */
class RoomLocksTest extends RoomTestBase {
    private static final Locks SEEN = Locks.getDefaultInstance();

    @BeforeEach
    void twoTeachers() {
        join("t1", "Mme Roy", Role.ROLE_TEACHER, teacher);
        join("t2", "M. Roux", Role.ROLE_TEACHER, student);
        drain(teacher, student);
    }

    @Test
    void two_teachers_changing_different_locks_at_once_both_get_their_change() {
        set("t1", SEEN.toBuilder().setChatLocked(true), SEEN);
        set("t2", SEEN.toBuilder().setStudentsMayDraw(true), SEEN);

        assertEquals(Locks.newBuilder().setChatLocked(true).setStudentsMayDraw(true).build(), room.getState().locks());
    }

    @Test
    void a_lock_switched_back_by_its_teacher_is_unchanged_for_the_other_s() {
        set("t1", SEEN.toBuilder().setChatLocked(true).setStudentsMayDraw(true), SEEN);
        Locks now = room.getState().locks();
        set("t2", now.toBuilder().setChatLocked(false), now);

        assertEquals(Locks.newBuilder().setStudentsMayDraw(true).build(), room.getState().locks());
        assertTrue(submit("t1", teacher, 7, ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                .setLocks(SEEN.toBuilder().setStudentsMayDraw(true)).setBefore(SEEN.toBuilder().setStudentsMayDraw(true))))
                .hasNoEvents(), "a click that changes nothing from what its teacher saw writes nothing");
    }

    @Test
    void without_what_it_saw_a_client_sets_every_lock() {
        set("t1", SEEN.toBuilder().setChatLocked(true).setStudentsMayDraw(true), SEEN);
        var result = submit("t2", student, 9, ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                .setLocks(Locks.newBuilder().setStudentsMayReplay(true))));

        assertEquals(1, result.events().size());
        assertEquals(Locks.newBuilder().setStudentsMayReplay(true).build(), room.getState().locks());
    }

    private void set(String teacherId, Locks.Builder wanted, Locks before) {
        var result = submit(teacherId, teacherId.equals("t1") ? teacher : student, 5, ClientFrame.newBuilder()
                .setSetLocks(SetLocks.newBuilder().setLocks(wanted).setBefore(before)));
        assertEquals(1, result.events().size(), "one LocksChanged");
        drain(teacher, student);
    }
}
