package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;

/**
 * Who may see what: private chat goes to its sender, its recipient and the teachers; the waiting room's queue
 * (who waits, who was refused, who went away) to the teachers only, since a student never learns who else
 * knocked; everything else to all.
 */
final class Visibility {
    private Visibility() {}

    static boolean canSee(String viewerId, boolean viewerTeaches, RoomEvent event) {
        if (forTeachers(event)) {
            return viewerTeaches;
        }
        return forEveryone(event) || canSeeChat(viewerId, viewerTeaches, event.getAuthor(), event.getChat().getTo());
    }

    static boolean forEveryone(RoomEvent event) {
        return switch (event.getBodyCase()) {
            case CHAT -> event.getChat().getTo().isEmpty();
            case WAITING, REFUSED, WAITING_LEFT -> false;
            default -> true;
        };
    }

    private static boolean forTeachers(RoomEvent event) {
        return switch (event.getBodyCase()) {
            case WAITING, REFUSED, WAITING_LEFT -> true;
            default -> false;
        };
    }

    static boolean canSeeChat(String viewerId, boolean viewerTeaches, String from, String to) {
        return to.isEmpty() || viewerTeaches || viewerId.equals(from) || viewerId.equals(to);
    }
}
