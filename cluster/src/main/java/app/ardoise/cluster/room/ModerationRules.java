package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.LocksChanged;
import app.ardoise.protocol.v1.ParticipantRemoved;
import app.ardoise.protocol.v1.RemoveParticipant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoleChanged;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.SetRole;
import com.google.protobuf.Descriptors.FieldDescriptor;

/** Teacher-only actions: locks, roles (make co-teacher), removing a participant. */
final class ModerationRules {
    private ModerationRules() {}

    static Decision setLocks(RoomState state, Member sender, SetLocks set) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher changes the class settings");
        }
        Locks wanted = set.hasBefore() ? changed(state.locks(), set.getBefore(), set.getLocks()) : set.getLocks();
        if (wanted.equals(state.locks())) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setLocksChanged(LocksChanged.newBuilder().setLocks(wanted)));
    }

    /**
     * {@code current} with the locks that differ between {@code before} and {@code after}: a teacher's click names
     * one lock, and a colleague's click on another that the room took meanwhile must stay.
     */
    private static Locks changed(Locks current, Locks before, Locks after) {
        Locks.Builder merged = current.toBuilder();
        for (FieldDescriptor lock : Locks.getDescriptor().getFields()) {
            if (!before.getField(lock).equals(after.getField(lock))) {
                merged.setField(lock, after.getField(lock));
            }
        }
        return merged.build();
    }

    static Decision setRole(RoomState state, Member sender, SetRole set) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher changes roles");
        }
        if (set.getRole() != Role.ROLE_TEACHER && set.getRole() != Role.ROLE_STUDENT) {
            return new Decision.Reject(ErrorCode.INVALID, "a role is teacher or student");
        }
        var target = state.member(set.getParticipantId());
        if (target.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant");
        }
        if (target.get().role() == set.getRole()) {
            return new Decision.Unchanged();
        }
        boolean lastTeacher = target.get().isTeacher()
                && state.members().stream().filter(Member::isTeacher).count() == 1;
        if (lastTeacher) {
            return new Decision.Reject(ErrorCode.INVALID, "a class keeps at least one teacher");
        }
        return new Decision.Accept(RoomEvent.newBuilder().setRoleChanged(
                RoleChanged.newBuilder().setParticipantId(set.getParticipantId()).setRole(set.getRole())));
    }

    static Decision remove(RoomState state, Member sender, RemoveParticipant remove) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher removes a participant");
        }
        String target = remove.getParticipantId();
        if (target.equals(sender.id())) {
            return new Decision.Reject(ErrorCode.INVALID, "leave the class instead of removing yourself");
        }
        if (state.member(target).isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant");
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setRemoved(ParticipantRemoved.newBuilder().setParticipantId(target)));
    }
}
