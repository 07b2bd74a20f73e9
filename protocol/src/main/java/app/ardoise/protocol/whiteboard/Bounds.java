package app.ardoise.protocol.whiteboard;

import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_COORDINATE;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_FONT_SIZE;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_ID_CHARS;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_KEY_CHARS;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_LAMPORT_LEAD;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_OPACITY;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_ROTATION;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_STROKE_WIDTH;
import static app.ardoise.protocol.whiteboard.WhiteboardLimits.MAX_TITLE_CHARS;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * The bounds of protocol/WHITEBOARD.md ("Sizes and bounds") on the values a client chooses and the
 * class keeps, each giving the reason the room refuses with (code invalid). They are checked in a
 * fixed order — lamport, ids, keys, colours, geometry, kinds, titles — so that both twins name the
 * same first breach; web/whiteboard/src/bounds.ts must stay in step, reason for reason.
 */
final class Bounds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ID_CHARS + "}");
    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})");

    private Bounds() {}

    static Optional<String> op(WhiteboardOp op, long maxLamport) {
        // Unsigned: the difference is taken only when the op is ahead, so it cannot wrap.
        long lamport = op.getLamport();
        if (Long.compareUnsigned(lamport, maxLamport) > 0
                && Long.compareUnsigned(lamport - maxLamport, MAX_LAMPORT_LEAD) > 0) {
            return Optional.of("lamport more than " + MAX_LAMPORT_LEAD + " ahead of the board");
        }
        if (!op.getId().isEmpty() && !ID.matcher(op.getId()).matches()) {
            return Optional.of("malformed op id");
        }
        return pageId(op.getPage()).or(() -> switch (op.getBodyCase()) {
            case CREATE_SHAPE -> create(op.getCreateShape());
            case UPDATE_PROPS -> shapeId(op.getUpdateProps().getShapeId()).or(() -> props(op.getUpdateProps().getProps()));
            case DELETE_SHAPE -> shapeId(op.getDeleteShape().getShapeId());
            case RESTORE_SHAPE -> shapeId(op.getRestoreShape().getShapeId());
            case REORDER -> shapeId(op.getReorder().getShapeId()).or(() -> zIndex(op.getReorder().getZIndex()));
            case ADD_PAGE -> addPage(op.getAddPage());
            case CLEAR_PAGE, REMOVE_PAGE, BODY_NOT_SET -> Optional.empty();
        });
    }

    static Optional<String> liveStroke(LiveStroke stroke) {
        return shapeId(stroke.getStrokeId())
                .or(() -> pageId(stroke.getPage()))
                .or(() -> colour(stroke.getColor()))
                .or(() -> atMost(stroke.getWidth(), MAX_STROKE_WIDTH, "width"))
                .or(() -> points(stroke.getPointsCount(), stroke::getPoints))
                .or(() -> known(stroke.getKind()))
                .or(() -> OpCheck.freehand(stroke.getKind()) ? Optional.empty()
                        : Optional.of("live stroke that is not freehand"));
    }

    static Optional<String> cursor(Cursor cursor) {
        return pageId(cursor.getPage())
                .or(() -> within(cursor.getX(), MAX_COORDINATE, "x"))
                .or(() -> within(cursor.getY(), MAX_COORDINATE, "y"));
    }

    private static Optional<String> create(CreateShape create) {
        return shapeId(create.getShapeId())
                .or(() -> props(create.getProps()))
                .or(() -> points(create.getPointsCount(), create::getPoints))
                .or(() -> known(create.getKind()));
    }

    /** Keys, colours, then geometry; an unset property reads 0 or "", which is always in bounds. */
    private static Optional<String> props(ShapeProps props) {
        return zIndex(props.getZIndex())
                .or(() -> colour(props.getStrokeColor()))
                .or(() -> colour(props.getFillColor()))
                .or(() -> within(props.getX(), MAX_COORDINATE, "x"))
                .or(() -> within(props.getY(), MAX_COORDINATE, "y"))
                .or(() -> within(props.getWidth(), MAX_COORDINATE, "width"))
                .or(() -> within(props.getHeight(), MAX_COORDINATE, "height"))
                .or(() -> within(props.getRotation(), MAX_ROTATION, "rotation"))
                .or(() -> atMost(props.getStrokeWidth(), MAX_STROKE_WIDTH, "stroke_width"))
                .or(() -> atMost(props.getOpacity(), MAX_OPACITY, "opacity"))
                .or(() -> atMost(props.getFontSize(), MAX_FONT_SIZE, "font_size"));
    }

    private static Optional<String> addPage(AddPage add) {
        if (!key(add.getOrder())) {
            return Optional.of("malformed page order");
        }
        if (add.getTitle().length() > MAX_TITLE_CHARS) {
            return Optional.of("page title longer than " + MAX_TITLE_CHARS + " characters");
        }
        return add.getTitle().chars().anyMatch(Character::isISOControl)
                ? Optional.of("control character in page title") : Optional.empty();
    }

    /**
     * Every absolute coordinate: the first pair as is, each next one the running sum of the
     * deltas. Summed in a long, so that no run of sint32 deltas can wrap back into range.
     */
    private static Optional<String> points(int count, IntUnaryOperator point) {
        long x = 0;
        long y = 0;
        for (int i = 0; i < count; i++) {
            long at = i % 2 == 0 ? (x += point.applyAsInt(i)) : (y += point.applyAsInt(i));
            if (Math.abs(at) > MAX_COORDINATE) {
                return Optional.of("point out of range");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> known(ShapeKind kind) {
        return kind == ShapeKind.SHAPE_KIND_UNSPECIFIED || kind == ShapeKind.UNRECOGNIZED
                ? Optional.of("unknown shape kind") : Optional.empty();
    }

    private static Optional<String> pageId(String page) {
        return ID.matcher(page).matches() ? Optional.empty() : Optional.of("malformed page id");
    }

    private static Optional<String> shapeId(String shape) {
        return ID.matcher(shape).matches() ? Optional.empty() : Optional.of("malformed shape id");
    }

    private static Optional<String> zIndex(String zIndex) {
        return key(zIndex) ? Optional.empty() : Optional.of("malformed z_index");
    }

    /** "" reads as the bottom of the order, so it stays allowed. */
    private static boolean key(String key) {
        return key.isEmpty() || (key.length() <= MAX_KEY_CHARS && FractionalIndex.isKey(key));
    }

    private static Optional<String> colour(String colour) {
        return colour.isEmpty() || COLOUR.matcher(colour).matches() ? Optional.empty() : Optional.of("malformed colour");
    }

    private static Optional<String> within(long value, long bound, String name) {
        return Math.abs(value) > bound ? Optional.of(name + " out of range") : Optional.empty();
    }

    /** A uint32 field: Java reads it signed, so values past 2^31 - 1 come back negative. */
    private static Optional<String> atMost(int value, long bound, String name) {
        return Integer.toUnsignedLong(value) > bound ? Optional.of(name + " out of range") : Optional.empty();
    }
}
