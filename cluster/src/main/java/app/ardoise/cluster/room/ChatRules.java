package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ChatPosted;
import app.ardoise.protocol.v1.RoomEvent;

/** Chat: non-blank, within the length limit, to an existing participant if private (a teacher, from a student), and
 * not while locked for students or muted for this one. */
final class ChatRules {
    private ChatRules() {}

    static Decision post(RoomState state, Member sender, Chat chat) {
        String text = ChatText.clean(chat.getText());
        if (chat.getClientMessageId().length() > Limits.MAX_CLIENT_MESSAGE_ID_CHARS) {
            return new Decision.Reject(ErrorCode.TOO_LARGE,
                    "a client message id has at most " + Limits.MAX_CLIENT_MESSAGE_ID_CHARS + " characters");
        }
        if (showsNothing(text)) {
            return new Decision.Reject(ErrorCode.INVALID, "a chat message needs some text");
        }
        if (text.length() > Limits.MAX_CHAT_CHARS) {
            return new Decision.Reject(ErrorCode.TOO_LARGE,
                    "a chat message holds at most " + Limits.MAX_CHAT_CHARS + " characters");
        }
        if (state.locks().getChatLocked() && !sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "the teacher has locked the chat");
        }
        if (sender.chatMuted() && !sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.CHAT_MUTED, "the teacher has muted your chat");
        }
        String to = chat.getTo();
        if (!to.isEmpty() && (to.equals(sender.id()) || state.member(to).isEmpty())) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PARTICIPANT, "no such participant to write to");
        }
        // Minors talk to each other where their teacher can read it; the web client offers no more than this.
        if (!to.isEmpty() && !sender.isTeacher() && !state.member(to).map(Member::isTeacher).orElse(false)) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "students write privately to a teacher only");
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setChat(ChatPosted.newBuilder().setText(text).setTo(to)
                        .setClientMessageId(chat.getClientMessageId())));
    }

    /**
     * Blank as a reader sees it: String.isBlank took a message of no-break spaces, zero-width spaces, word joiners
     * or control characters, which every client showed as an empty bubble from that student.
     */
    private static boolean showsNothing(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
