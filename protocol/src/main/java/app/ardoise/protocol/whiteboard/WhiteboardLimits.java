package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.Optional;

/**
 * Sizes the room refuses, and a well-behaved client never sends. The document itself enforces
 * none of them: a snapshot written under other limits must still load.
 */
public final class WhiteboardLimits {
    public static final int MAX_POINTS_PER_STROKE = 5_000;
    /** Shapes shown on one page ({@link WhiteboardDoc#liveShapeCount}); tombstones are not counted. */
    public static final int MAX_SHAPES_PER_PAGE = 20_000;
    /** In UTF-16 code units, as JavaScript counts string length. */
    public static final int MAX_TEXT_CHARS = 2_000;
    /** How far an op's clock may lead the board's max_lamport (protocol/WHITEBOARD.md, "Sizes and bounds"). */
    public static final long MAX_LAMPORT_LEAD = 100_000;

    private WhiteboardLimits() {}

    /** The limit this op breaks on its own; the shapes-per-page limit needs the document. */
    public static Optional<String> exceeded(WhiteboardOp op) {
        return switch (op.getBodyCase()) {
            case CREATE_SHAPE -> op.getCreateShape().getPointsCount() / 2 > MAX_POINTS_PER_STROKE
                    ? Optional.of("stroke longer than " + MAX_POINTS_PER_STROKE + " points")
                    : text(op.getCreateShape().getProps());
            case UPDATE_PROPS -> text(op.getUpdateProps().getProps());
            default -> Optional.empty();
        };
    }

    public static Optional<String> exceeded(LiveStroke stroke) {
        long end = Integer.toUnsignedLong(stroke.getFromIndex()) + stroke.getPointsCount() / 2;
        return end > MAX_POINTS_PER_STROKE
                ? Optional.of("stroke longer than " + MAX_POINTS_PER_STROKE + " points")
                : Optional.empty();
    }

    private static Optional<String> text(ShapeProps props) {
        return props.getText().length() > MAX_TEXT_CHARS
                ? Optional.of("text longer than " + MAX_TEXT_CHARS + " characters")
                : Optional.empty();
    }
}
