package app.ardoise.cluster.replay;

import app.ardoise.protocol.v1.RoomEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * The chat a teacher deleted or cleared, anywhere in a class's journal: a replay serves such a message as the room
 * serves it after its deletion, a tombstone without its text, even at moments before it was deleted. The journal
 * keeps the original event, but its text is never served again.
 */
final class ChatRemovals {
    private final Set<Long> deleted = new HashSet<>();
    private long publicClearedUpTo;

    ChatRemovals add(RoomEvent event) {
        if (event.hasChatMessageDeleted()) {
            deleted.add(event.getChatMessageDeleted().getSeq());
        }
        if (event.hasChatCleared()) {
            publicClearedUpTo = Math.max(publicClearedUpTo, event.getChatCleared().getUpToSeq());
        }
        return this;
    }

    /** The event, or its tombstone when it is chat that was removed since. */
    RoomEvent applyTo(RoomEvent event) {
        if (!event.hasChat() || event.getChat().getDeleted() || !removed(event)) {
            return event;
        }
        return event.toBuilder().setChat(event.getChat().toBuilder().setText("").setDeleted(true)).build();
    }

    private boolean removed(RoomEvent chat) {
        return deleted.contains(chat.getSeq()) || chat.getChat().getTo().isEmpty() && chat.getSeq() <= publicClearedUpTo;
    }
}
