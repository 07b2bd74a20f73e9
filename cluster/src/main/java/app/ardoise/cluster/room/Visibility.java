package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;

/**
 * Who may see what: private chat goes to its sender, its recipient and the teachers; the waiting room's queue
 * (who waits, who was refused, who went away) to the teachers only, since a student never learns who else
 * knocked; a poll's answers to no one, since an event names its author (teachers get tallies instead, with
 * names only when the poll is not anonymous); a quiz's correct answers to teachers until published; retention's
 * RetentionApplied, the SFU's MediaTimeAdded and the media placement's MediaPlaced to no one (the room's own
 * bookkeeping); everything else to all.
 */
final class Visibility {
    private Visibility() {}

    static boolean canSee(String viewerId, boolean viewerTeaches, RoomEvent event) {
        if (event.hasPollAnswered() || event.hasRetentionApplied() || event.hasMediaTimeAdded()
                || event.hasMediaPlaced()) {
            return false;
        }
        if (forTeachers(event)) {
            return viewerTeaches;
        }
        return forEveryone(event) || event.hasPollOpened()
                || canSeeChat(viewerId, viewerTeaches, event.getAuthor(), event.getChat().getTo());
    }

    /** The event as this viewer gets it, or null when they may not see it. */
    static RoomEvent viewOf(String viewerId, boolean viewerTeaches, RoomEvent event) {
        if (!canSee(viewerId, viewerTeaches, event)) {
            return null;
        }
        return viewerTeaches ? event : forStudents(event);
    }

    /** What a student may see of an event they may see: a quiz without its correct answers. */
    static RoomEvent forStudents(RoomEvent event) {
        if (!hasKey(event)) {
            return event;
        }
        return event.toBuilder()
                .setPollOpened(event.getPollOpened().toBuilder().setPoll(PollRecord.withoutKey(event.getPollOpened().getPoll())))
                .build();
    }

    /** Whether every listener gets this event, and as it is. */
    static boolean forEveryone(RoomEvent event) {
        return switch (event.getBodyCase()) {
            case CHAT -> event.getChat().getTo().isEmpty();
            case WAITING, REFUSED, WAITING_LEFT, POLL_ANSWERED, RETENTION_APPLIED, MEDIA_TIME_ADDED -> false;
            case POLL_OPENED -> !hasKey(event);
            default -> true;
        };
    }

    /** Whether teachers and students get this event differently (a quiz's key), not only whether they get it. */
    static boolean differsByRole(RoomEvent event) {
        return hasKey(event);
    }

    private static boolean hasKey(RoomEvent event) {
        return event.hasPollOpened() && (event.getPollOpened().getPoll().getCorrectCount() > 0
                || !event.getPollOpened().getPoll().getCorrectText().isEmpty());
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
