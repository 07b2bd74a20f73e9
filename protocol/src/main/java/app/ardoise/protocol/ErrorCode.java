package app.ardoise.protocol;

/** The stable codes carried by {@code ardoise.v1.Error.code}; clients translate them, never the message. */
public final class ErrorCode {
    /** The binary frame is not a ClientFrame. */
    public static final String MALFORMED = "malformed";
    /** A text frame: the protocol is binary Protobuf only. */
    public static final String TEXT_FRAME = "text_frame";
    /** The frame parsed but its content is not acceptable (missing body, bad value, wrong state). */
    public static final String INVALID = "invalid";
    /** The sender's role or the room's locks do not allow this action. */
    public static final String FORBIDDEN = "forbidden";
    /** A text or list is over its limit. */
    public static final String TOO_LARGE = "too_large";
    /** The sender exceeded its rate; the frame was dropped, nothing acknowledged is lost. */
    public static final String RATE_LIMITED = "rate_limited";
    /** An action that needs a Join or Resume first. */
    public static final String NOT_JOINED = "not_joined";
    /** A Join or Resume token that does not verify, has expired, or names another room. */
    public static final String BAD_TOKEN = "bad_token";
    /** A Resume for a participant the room does not know (or has removed). */
    public static final String UNKNOWN_PARTICIPANT = "unknown_participant";
    /** The action names a participant who is not in the room. */
    public static final String NO_SUCH_PARTICIPANT = "no_such_participant";
    /**
     * A whiteboard op on a shape or page that is not there as the room sees it (deleted, cleared, or
     * never created): the sender's replica is behind and should resync.
     */
    public static final String NO_SUCH_SHAPE = "no_such_shape";
    /** The room has reached its participant limit. */
    public static final String ROOM_FULL = "room_full";
    /**
     * The room could not be reached in time, or has just moved to another node: the action was not
     * applied; send it again.
     */
    public static final String UNAVAILABLE = "unavailable";
    /**
     * A Join (or a Resume of someone no longer on the roster) through a link a teacher has renewed since:
     * ask the teacher for the new link. The link itself is signed and unexpired; only its generation is old.
     */
    public static final String LINK_REVOKED = "link_revoked";
    /** A teacher has muted this student's chat; the rest of the class may still write. */
    public static final String CHAT_MUTED = "chat_muted";
    /** A chat message to delete that the room no longer holds (never written, or too old). */
    public static final String NO_SUCH_MESSAGE = "no_such_message";
    /** An action from a student still in the waiting room: only Leave and Ping are theirs until a teacher admits them. */
    public static final String WAITING = "waiting";
    /** A student's Join while the class lets no one new in (ENTRY_POLICY_CLOSED); the socket closes with 4006. */
    public static final String CLASS_CLOSED = "class_closed";

    /** A poll answered, ended or published that the room does not hold (never opened, or too old). */
    public static final String NO_SUCH_POLL = "no_such_poll";
    /** An answer to a poll that has ended: it is not counted. */
    public static final String POLL_ENDED = "poll_ended";
    /** An answer that does not fit its poll: choices for a short answer, text for options, an option out of range. */
    public static final String WRONG_ANSWER_KIND = "wrong_answer_kind";
    /** A poll opened while another is open: the teacher ends that one first. */
    public static final String POLL_OPEN = "poll_open";
    /** Breakout groups opened while others are open: a teacher closes those first. */
    public static final String BREAKOUTS_OPEN = "breakouts_open";
    /** A breakout action (move, extend, close, visit, choose) while no groups are open. */
    public static final String NO_BREAKOUTS = "no_breakouts";
    /** A breakout group the open groups do not hold. */
    public static final String NO_SUCH_GROUP = "no_such_group";

    /** A Present of a page the board does not show (never added, or removed). */
    public static final String NO_SUCH_PAGE = "no_such_page";

    private ErrorCode() {}
}
