package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;

/** Who may see what: private chat goes to its sender, its recipient and the teachers, everything else to all. */
final class Visibility {
    private Visibility() {}

    static boolean canSee(String viewerId, boolean viewerTeaches, RoomEvent event) {
        if (event.getBodyCase() != RoomEvent.BodyCase.CHAT) {
            return true;
        }
        return canSeeChat(viewerId, viewerTeaches, event.getAuthor(), event.getChat().getTo());
    }

    static boolean canSeeChat(String viewerId, boolean viewerTeaches, String from, String to) {
        return to.isEmpty() || viewerTeaches || viewerId.equals(from) || viewerId.equals(to);
    }
}
