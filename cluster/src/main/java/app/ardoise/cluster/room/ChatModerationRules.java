package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ChatCleared;
import app.ardoise.protocol.v1.ChatMessageDeleted;
import app.ardoise.protocol.v1.ChatMuteChanged;
import app.ardoise.protocol.v1.DeleteChatMessage;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetChatMuted;

/**
 * A teacher's hold on the chat of a class of minors: taking one message away, clearing the public chat, and
 * muting one student without locking everyone's chat (ChatRules refuses a muted student's Chat).
 */
final class ChatModerationRules {
    private ChatModerationRules() {}

    static Decision delete(RoomState state, Member sender, DeleteChatMessage delete) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher deletes chat messages");
        }
        long seq = delete.getSeq();
        if (state.servesChat(seq)) {
            return new Decision.Accept(RoomEvent.newBuilder()
                    .setChatMessageDeleted(ChatMessageDeleted.newBuilder().setSeq(seq)));
        }
        if (state.buriedChat(seq)) {
            return new Decision.Unchanged();
        }
        return new Decision.Reject(ErrorCode.NO_SUCH_MESSAGE, "no such chat message");
    }

    /**
     * Up to the last written seq: a message accepted but not yet written goes to the journal ahead of the
     * clear, and stays, as it would had it arrived just after.
     */
    static Decision clear(RoomState state, Member sender) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher clears the chat");
        }
        if (!state.hasPublicChatUpTo(state.lastSeq())) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setChatCleared(ChatCleared.newBuilder().setUpToSeq(state.lastSeq())));
    }

    static Decision mute(RoomState state, Member sender, SetChatMuted mute) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher mutes a student's chat");
        }
        var target = state.member(mute.getParticipantId());
        if (target.isEmpty()) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant");
        }
        if (target.get().isTeacher()) {
            return new Decision.Reject(ErrorCode.INVALID, "a teacher's chat is never muted");
        }
        if (target.get().chatMuted() == mute.getMuted()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setChatMuteChanged(
                ChatMuteChanged.newBuilder().setParticipantId(mute.getParticipantId()).setMuted(mute.getMuted())));
    }
}
