package app.ardoise.cluster.contract;

/** What a session's SFU stream said about one participant's tracks (RoomCommand.MediaTracks). */
public enum TrackChange {
    /** The SFU announced these tracks: they can be subscribed to. */
    ADD,
    /** The SFU announced their end. */
    REMOVE,
    /** From the owner's own session: everything it sends from now on; the others are gone. */
    PUBLISHING,
    /** From the owner's own session: it entered the media session and from now on gets its route. */
    JOINED,
    /** From the owner's own session: it left the media session, and its tracks with it. */
    LEFT
}
