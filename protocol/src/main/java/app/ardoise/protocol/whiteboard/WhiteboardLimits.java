package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.Optional;

/**
 * Sizes and bounds the room refuses, and a well-behaved client never sends (protocol/WHITEBOARD.md,
 * "Sizes and bounds"). The document itself enforces none of them: a snapshot written under other
 * limits must still load. The TypeScript twin (web/whiteboard/src/limits.ts) gives the same
 * breaches, reason for reason; whiteboard-bounds.json holds the cases both run.
 */
public final class WhiteboardLimits {
    public static final int MAX_POINTS_PER_STROKE = 5_000;
    /** Shapes shown on one page ({@link WhiteboardDoc#liveShapeCount}); tombstones are not counted. */
    public static final int MAX_SHAPES_PER_PAGE = 20_000;
    /** In UTF-16 code units, as JavaScript counts string length. */
    public static final int MAX_TEXT_CHARS = 2_000;
    /**
     * How far an op's clock may run ahead of the board's max_lamport. A well-behaved client leads by
     * at most the ops it made offline; without a bound one op at 2^64 - 1 would leave every next
     * clock (max + 1) wrapping to 0, and the board refusing everyone for good.
     */
    public static final long MAX_LAMPORT_LEAD = 100_000;
    public static final int MAX_ID_CHARS = 100;
    public static final int MAX_KEY_CHARS = 100;
    /** ±100,000 px, in the board's 1/10 px units: far past any page, far from int overflow. */
    public static final int MAX_COORDINATE = 1_000_000;
    /** 360 degrees either way, in 1/100 degree. */
    public static final int MAX_ROTATION = 36_000;
    public static final int MAX_STROKE_WIDTH = 2_000;
    /** Percent. */
    public static final int MAX_OPACITY = 100;
    public static final int MAX_FONT_SIZE = 10_000;
    /** In UTF-16 code units. */
    public static final int MAX_TITLE_CHARS = 200;

    private WhiteboardLimits() {}

    /**
     * The first limit this op breaks on its own: sizes (too_large) before bounds (invalid). The
     * shapes-per-page limit needs the document and is the room's.
     *
     * @param maxLamport the board's max_lamport (unsigned) as the judge sees it: for the room, its
     *     document with pending batches and the batch's earlier ops laid over it
     */
    public static Optional<Breach> check(WhiteboardOp op, long maxLamport) {
        return size(op).map(WhiteboardLimits::tooLarge)
                .or(() -> Bounds.op(op, maxLamport).map(WhiteboardLimits::invalid));
    }

    public static Optional<Breach> check(LiveStroke stroke) {
        long end = Integer.toUnsignedLong(stroke.getFromIndex()) + stroke.getPointsCount() / 2;
        return end > MAX_POINTS_PER_STROKE ? Optional.of(tooLarge(strokeTooLong()))
                : Bounds.liveStroke(stroke).map(WhiteboardLimits::invalid);
    }

    public static Optional<Breach> check(Cursor cursor) {
        return Bounds.cursor(cursor).map(WhiteboardLimits::invalid);
    }

    private static Optional<String> size(WhiteboardOp op) {
        return switch (op.getBodyCase()) {
            case CREATE_SHAPE -> op.getCreateShape().getPointsCount() / 2 > MAX_POINTS_PER_STROKE
                    ? Optional.of(strokeTooLong())
                    : text(op.getCreateShape().getProps());
            case UPDATE_PROPS -> text(op.getUpdateProps().getProps());
            default -> Optional.empty();
        };
    }

    private static String strokeTooLong() {
        return "stroke longer than " + MAX_POINTS_PER_STROKE + " points";
    }

    private static Optional<String> text(ShapeProps props) {
        return props.getText().length() > MAX_TEXT_CHARS
                ? Optional.of("text longer than " + MAX_TEXT_CHARS + " characters")
                : Optional.empty();
    }

    private static Breach tooLarge(String reason) {
        return new Breach(ErrorCode.TOO_LARGE, reason);
    }

    private static Breach invalid(String reason) {
        return new Breach(ErrorCode.INVALID, reason);
    }
}
