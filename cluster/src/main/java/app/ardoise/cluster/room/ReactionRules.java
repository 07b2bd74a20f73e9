package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Reaction;
import app.ardoise.protocol.v1.ReactionKind;
import app.ardoise.protocol.v1.ServerFrame;

/**
 * Reactions: any participant of the class may send one, whatever the locks (a thumbs up is how a locked
 * class still answers "is that clear?"), and everyone sees it, its author too.
 */
final class ReactionRules {
    private ReactionRules() {}

    static Decision react(Member sender, Reaction reaction) {
        ReactionKind kind = reaction.getKind();
        if (kind == ReactionKind.REACTION_KIND_UNSPECIFIED || kind == ReactionKind.UNRECOGNIZED) {
            return new Decision.Reject(ErrorCode.INVALID, "unknown reaction kind " + reaction.getKindValue());
        }
        // Built afresh rather than from the client's message, so that nothing it added beyond the kind
        // (unknown fields included) is passed on to the class.
        return new Decision.Relay(ServerFrame.newBuilder()
                .setReaction(Reaction.newBuilder().setKind(kind).setClientId(sender.id())).build(),
                Decision.Audience.EVERYONE);
    }
}
