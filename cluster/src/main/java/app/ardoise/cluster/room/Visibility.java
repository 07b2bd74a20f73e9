package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;

/** Who may see what: private chat goes to its sender, its recipient and the teachers, everything else to all. */
final class Visibility {
    private Visibility() {}

    static boolean canSee(String viewerId, boolean viewerTeaches, RoomEvent event) {
        return forEveryone(event) || canSeeChat(viewerId, viewerTeaches, event.getAuthor(), event.getChat().getTo());
    }

    static boolean forEveryone(RoomEvent event) {
        return event.getBodyCase() != RoomEvent.BodyCase.CHAT || event.getChat().getTo().isEmpty();
    }

    static boolean canSeeChat(String viewerId, boolean viewerTeaches, String from, String to) {
        return to.isEmpty() || viewerTeaches || viewerId.equals(from) || viewerId.equals(to);
    }
}
