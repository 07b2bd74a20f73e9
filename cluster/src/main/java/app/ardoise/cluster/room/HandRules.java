package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.AllHandsLowered;
import app.ardoise.protocol.v1.HandLowered;
import app.ardoise.protocol.v1.HandRaised;
import app.ardoise.protocol.v1.LowerHand;
import app.ardoise.protocol.v1.RoomEvent;

/** Raised hands: anyone raises or lowers their own; only teachers lower someone else's, or all. */
final class HandRules {
    private HandRules() {}

    static Decision raise(Member sender) {
        if (sender.handRaised()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setHandRaised(HandRaised.newBuilder().setParticipantId(sender.id())));
    }

    static Decision lower(RoomState state, Member sender, LowerHand lower) {
        String target = lower.getParticipantId().isEmpty() ? sender.id() : lower.getParticipantId();
        if (!target.equals(sender.id()) && !sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher lowers someone else's hand");
        }
        var member = state.member(target);
        if (member.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant");
        }
        if (!member.get().handRaised()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setHandLowered(HandLowered.newBuilder().setParticipantId(target)));
    }

    static Decision lowerAll(RoomState state, Member sender) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher lowers all hands");
        }
        if (state.members().stream().noneMatch(Member::handRaised)) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setAllHandsLowered(AllHandsLowered.getDefaultInstance()));
    }
}
