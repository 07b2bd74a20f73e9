package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner's rename, as the room sees it. The owner's delete, which stops the room, is tested on a node
 * (MyClassesTest): there everyone is closed out and the journal is empty afterwards.
 */
class RoomRenameTest extends RoomTestBase {

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void a_rename_is_written_seen_by_everyone_and_kept_after_a_restart() {
        TestProbe<RoomInfo> reply = KIT.createTestProbe();
        var written = room.runCommand(new RoomCommand.Rename("Physique-chimie", reply.getRef()));
        assertEquals("Physique-chimie", written.eventOfType(RoomEvent.class).getTitleChanged().getTitle());
        assertEquals("Physique-chimie", reply.receiveMessage().title());
        assertEquals("Physique-chimie", broadcast(student).getTitleChanged().getTitle());
        assertEquals("Physique-chimie", broadcast(teacher).getTitleChanged().getTitle());

        assertTrue(room.runCommand(new RoomCommand.Rename("Physique-chimie", reply.getRef())).hasNoEvents(), "the same title");
        reply.receiveMessage();

        room.restart();
        assertEquals("Physique-chimie", room.getState().title());
    }
}
