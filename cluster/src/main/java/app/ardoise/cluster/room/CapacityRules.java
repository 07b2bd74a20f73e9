package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.MaxParticipantsChanged;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetMaxParticipants;

/**
 * A teacher sets how many may be connected at once, up to the deployment's bound. Lowering it below those
 * already in turns nobody out: it only stops newcomers until enough have gone.
 */
final class CapacityRules {
    private CapacityRules() {}

    /** @param allowed the deployment's bound (ardoise.room.max-participants-allowed) */
    static Decision set(RoomState state, Member sender, SetMaxParticipants set, int allowed) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher sets how many may join");
        }
        // A group seats whom its class's plan puts in it; a limit of its own would refuse students moved there.
        if (state.isBreakoutGroup()) {
            return new Decision.Reject(ErrorCode.INVALID, "a breakout group seats its members: set the class's limit");
        }
        int asked = set.getMaxParticipants();
        if (asked < 1 || asked > allowed) {
            return new Decision.Reject(ErrorCode.INVALID, "a class seats from 1 to " + allowed + " students");
        }
        if (asked == state.maxParticipants()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setMaxParticipantsChanged(MaxParticipantsChanged.newBuilder().setMaxParticipants(asked)));
    }
}
