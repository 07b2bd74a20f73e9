package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether an op is well-formed, whoever sent it. The room refuses a malformed op with this reason;
 * the document refuses to apply one at all, since a stamp without a clock or a shape without an
 * id would make replicas disagree on what it meant.
 */
public final class OpCheck {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    private OpCheck() {}

    public static Optional<String> malformed(WhiteboardOp op) {
        if (op.getClientId().isEmpty()) {
            return Optional.of("op without client_id");
        }
        if (op.getLamport() == 0) {
            return Optional.of("op without lamport");
        }
        if (op.getPage().isEmpty()) {
            return Optional.of("op without page");
        }
        return switch (op.getBodyCase()) {
            case CREATE_SHAPE -> create(op.getCreateShape());
            case UPDATE_PROPS -> op.getUpdateProps().getShapeId().isEmpty() ? noShape()
                    : op.getUpdateProps().getProps().getAllFields().isEmpty()
                            ? Optional.of("update that sets no property") : image(op.getUpdateProps().getProps());
            case DELETE_SHAPE -> op.getDeleteShape().getShapeId().isEmpty() ? noShape() : Optional.empty();
            case RESTORE_SHAPE -> op.getRestoreShape().getShapeId().isEmpty() ? noShape() : Optional.empty();
            case REORDER -> op.getReorder().getShapeId().isEmpty() ? noShape() : Optional.empty();
            case CLEAR_PAGE, ADD_PAGE, REMOVE_PAGE -> Optional.empty();
            case BODY_NOT_SET -> Optional.of("op without body");
        };
    }

    /** Throws what {@link #malformed} reports. */
    static void require(WhiteboardOp op) {
        malformed(op).ifPresent(reason -> {
            throw new IllegalArgumentException(reason + ": " + op.getId());
        });
    }

    static boolean freehand(ShapeKind kind) {
        return kind == ShapeKind.SHAPE_KIND_PEN || kind == ShapeKind.SHAPE_KIND_HIGHLIGHTER;
    }

    private static Optional<String> create(CreateShape create) {
        if (create.getShapeId().isEmpty()) {
            return noShape();
        }
        if (create.getKind() == ShapeKind.SHAPE_KIND_UNSPECIFIED) {
            return Optional.of("shape without kind");
        }
        if (create.getPointsCount() % 2 != 0) {
            return Optional.of("odd number of point coordinates");
        }
        if (create.getPointsCount() > 0 && !freehand(create.getKind())) {
            return Optional.of("points on a shape that is not freehand");
        }
        boolean image = create.getKind() == ShapeKind.SHAPE_KIND_IMAGE;
        if (image != create.getProps().hasImage()) {
            return Optional.of(image ? "image without its picture" : "picture on a shape that is not an image");
        }
        return image(create.getProps());
    }

    /** A picture is named by its SHA-256, never a URL: a board cannot make browsers fetch from elsewhere. */
    private static Optional<String> image(ShapeProps props) {
        return props.hasImage() && !SHA_256.matcher(props.getImage()).matches()
                ? Optional.of("picture that is not a SHA-256 in lower-case hex") : Optional.empty();
    }

    private static Optional<String> noShape() {
        return Optional.of("op without shape_id");
    }
}
