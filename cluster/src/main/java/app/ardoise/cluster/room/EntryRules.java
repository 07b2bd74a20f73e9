package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.EntryPolicyChanged;
import app.ardoise.protocol.v1.ParticipantsAdmitted;
import app.ardoise.protocol.v1.ParticipantsRefused;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetEntryPolicy;
import app.ardoise.protocol.v1.WaitingParticipant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The waiting room: who may come into the class (its EntryPolicy), and the teachers' answers to the students
 * waiting. Only those not on the roster are asked: whoever is inside stays, whatever the policy becomes.
 */
final class EntryRules {
    private EntryRules() {}

    /** What the room does with someone not on the roster who asks to come in. */
    enum Entry { ENTER, WAIT, REFUSE }

    /** Teachers always come in: a class must never lock out the people who run it. */
    static Entry entry(RoomState state, Role role) {
        if (role == Role.ROLE_TEACHER) {
            return Entry.ENTER;
        }
        return switch (state.entryPolicy()) {
            case ENTRY_POLICY_ADMIT -> Entry.WAIT;
            case ENTRY_POLICY_CLOSED -> Entry.REFUSE;
            default -> Entry.ENTER;
        };
    }

    static Decision setPolicy(RoomState state, Member sender, SetEntryPolicy set) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher decides who comes in");
        }
        // A group lets in its members by its class's plan; a policy of its own would keep out those moved there.
        if (state.isBreakoutGroup()) {
            return new Decision.Reject(ErrorCode.INVALID, "a breakout group lets in its members: set the class's entry");
        }
        EntryPolicy policy = set.getPolicy();
        if (policy == EntryPolicy.UNRECOGNIZED) {
            return new Decision.Reject(ErrorCode.INVALID, "an entry policy is open, admit or closed");
        }
        if (policy == state.entryPolicy()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setEntryPolicyChanged(EntryPolicyChanged.newBuilder().setPolicy(policy)));
    }

    /** Those of {@code ids} still waiting come in; the others have been answered or gone already. */
    static Decision admit(RoomState state, Member sender, Collection<String> ids) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher admits a student");
        }
        List<WaitingParticipant> admitted = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            state.waiting(id).ifPresent(admitted::add);
        }
        if (admitted.isEmpty()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setAdmitted(ParticipantsAdmitted.newBuilder().addAllParticipants(admitted)));
    }

    static Decision admitAll(RoomState state, Member sender) {
        return admit(state, sender, state.waiting().stream().map(WaitingParticipant::getParticipantId).toList());
    }

    static Decision refuse(RoomState state, Member sender, Collection<String> ids) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher refuses a student");
        }
        List<String> refused = new LinkedHashSet<>(ids).stream().filter(id -> state.waiting(id).isPresent()).toList();
        if (refused.isEmpty()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setRefused(ParticipantsRefused.newBuilder().addAllParticipantIds(refused)));
    }
}
