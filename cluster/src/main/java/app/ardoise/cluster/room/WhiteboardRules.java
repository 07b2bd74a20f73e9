package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.OpCheck;
import app.ardoise.protocol.whiteboard.ShapeInfo;
import app.ardoise.protocol.whiteboard.WhiteboardLimits;
import java.util.List;
import java.util.Optional;

/**
 * Who may change the board and how (protocol/WHITEBOARD.md, "What the room checks"): a batch is
 * accepted whole or refused whole, with the first reason found.
 */
final class WhiteboardRules {
    private WhiteboardRules() {}

    /**
     * @param pending batches accepted before this one but not yet written (group commit): the board
     *     this batch is judged against is the room's with those laid over it, as it will be when it is written
     */
    static Decision batch(RoomState state, Member sender, WhiteboardBatch batch, List<WhiteboardBatch> pending) {
        if (!maySketch(state, sender)) {
            return locked();
        }
        if (batch.getOpsCount() == 0) {
            return new Decision.Reject(ErrorCode.INVALID, "an empty whiteboard batch");
        }
        BatchView view = new BatchView(state.whiteboard());
        pending.forEach(earlier -> earlier.getOpsList().forEach(view::accept));
        long previousLamport = 0;
        for (WhiteboardOp op : batch.getOpsList()) {
            Optional<Decision.Reject> refused = judge(view, sender, op);
            if (refused.isEmpty() && Long.compareUnsigned(op.getLamport(), previousLamport) <= 0) {
                refused = reject(ErrorCode.INVALID, "the ops of a batch have increasing lamport clocks");
            }
            if (refused.isPresent()) {
                return refused.get();
            }
            view.accept(op);
            previousLamport = op.getLamport();
        }
        return new Decision.Accept(RoomEvent.newBuilder().setWhiteboard(batch));
    }

    static Decision liveStroke(RoomState state, Member sender, LiveStroke stroke) {
        if (!maySketch(state, sender)) {
            return locked();
        }
        if (!stroke.getStrokeId().startsWith(sender.id() + ":") || stroke.getPointsCount() % 2 != 0) {
            return new Decision.Reject(ErrorCode.INVALID, "a live stroke has one of its author's ids and point pairs");
        }
        var breach = WhiteboardLimits.check(stroke);
        if (breach.isPresent()) {
            return new Decision.Reject(breach.get().code(), breach.get().reason());
        }
        return new Decision.Relay(ServerFrame.newBuilder()
                .setLiveStroke(stroke.toBuilder().setClientId(sender.id())).build(), Decision.Audience.OTHERS);
    }

    static Decision cursor(RoomState state, Member sender, Cursor cursor) {
        if (!maySketch(state, sender)) {
            return locked();
        }
        var breach = WhiteboardLimits.check(cursor);
        if (breach.isPresent()) {
            return new Decision.Reject(breach.get().code(), breach.get().reason());
        }
        return new Decision.Relay(ServerFrame.newBuilder()
                .setCursor(cursor.toBuilder().setClientId(sender.id())).build(), Decision.Audience.OTHERS);
    }

    private static Optional<Decision.Reject> judge(BatchView view, Member sender, WhiteboardOp op) {
        var malformed = OpCheck.malformed(op);
        if (malformed.isPresent()) {
            return reject(ErrorCode.INVALID, malformed.get());
        }
        if (!op.getClientId().equals(sender.id())) {
            return reject(ErrorCode.FORBIDDEN, "an op is made by its sender");
        }
        var breach = WhiteboardLimits.check(op, view.maxLamport());
        if (breach.isPresent()) {
            return reject(breach.get().code(), breach.get().reason());
        }
        String page = op.getPage();
        return switch (op.getBodyCase()) {
            case ADD_PAGE -> teacherOnly(sender, "add pages");
            case REMOVE_PAGE, CLEAR_PAGE -> teacherOnly(sender, "remove or clear pages")
                    .or(() -> livePage(view, page));
            case CREATE_SHAPE -> livePage(view, page).or(() -> create(view, sender, op));
            case UPDATE_PROPS -> livePage(view, page).or(() -> change(view, sender, page, op.getUpdateProps().getShapeId(), true))
                    .or(() -> pictureOnImage(view, page, op.getUpdateProps()));
            case REORDER -> livePage(view, page).or(() -> change(view, sender, page, op.getReorder().getShapeId(), true));
            case DELETE_SHAPE -> livePage(view, page).or(() -> change(view, sender, page, op.getDeleteShape().getShapeId(), true));
            case RESTORE_SHAPE -> livePage(view, page).or(() -> restore(view, sender, page, op.getRestoreShape().getShapeId()));
            case BODY_NOT_SET -> reject(ErrorCode.INVALID, "op without body");
        };
    }

    private static Optional<Decision.Reject> create(BatchView view, Member sender, WhiteboardOp op) {
        String shapeId = op.getCreateShape().getShapeId();
        if (!shapeId.startsWith(sender.id() + ":")) {
            return reject(ErrorCode.INVALID, "a new shape's id starts with its author's id");
        }
        if (view.shape(op.getPage(), shapeId).isPresent()) {
            return reject(ErrorCode.INVALID, "shape " + shapeId + " exists already");
        }
        return roomForOneMore(view, op.getPage());
    }

    /** An update, reorder or delete: of a shown shape, and for a student one of their own. */
    private static Optional<Decision.Reject> change(BatchView view, Member sender, String page, String shapeId,
                                                    boolean mustBeShown) {
        Optional<ShapeInfo> shape = view.shape(page, shapeId);
        if (shape.isEmpty() || shape.get().live() != mustBeShown) {
            return reject(ErrorCode.NO_SUCH_SHAPE, (mustBeShown ? "no shape " : "no hidden shape ") + shapeId);
        }
        if (!sender.isTeacher() && !shape.get().owner().equals(sender.id())) {
            return reject(ErrorCode.FORBIDDEN, "students change only their own shapes");
        }
        return Optional.empty();
    }

    /** A picture is an image's alone (WHITEBOARD.md, "Images and documents"): OpCheck sees a create's kind, this an update's. */
    private static Optional<Decision.Reject> pictureOnImage(BatchView view, String page, UpdateProps update) {
        boolean image = view.shape(page, update.getShapeId()).map(s -> s.kind() == ShapeKind.SHAPE_KIND_IMAGE).orElse(false);
        return update.getProps().hasImage() && !image
                ? reject(ErrorCode.INVALID, "picture on a shape that is not an image")
                : Optional.empty();
    }

    /**
     * A student brings back only a shape they took away themselves: one a teacher deleted, or hid with a clear of the
     * page, stays away until a teacher brings it back, or the teacher's moderation would be one undo from undone.
     */
    private static Optional<Decision.Reject> restore(BatchView view, Member sender, String page, String shapeId) {
        return change(view, sender, page, shapeId, false)
                .or(() -> sender.isTeacher() || hiddenBy(view, page, shapeId).equals(sender.id()) ? Optional.empty()
                        : reject(ErrorCode.FORBIDDEN, "a teacher took this shape away: only a teacher brings it back"))
                .or(() -> roomForOneMore(view, page));
    }

    private static String hiddenBy(BatchView view, String page, String shapeId) {
        return view.shape(page, shapeId).map(ShapeInfo::hiddenBy).orElse(ShapeInfo.CLEARED);
    }

    private static Optional<Decision.Reject> roomForOneMore(BatchView view, String page) {
        return view.shownCount(page) >= WhiteboardLimits.MAX_SHAPES_PER_PAGE
                ? reject(ErrorCode.TOO_LARGE, "a page holds at most " + WhiteboardLimits.MAX_SHAPES_PER_PAGE + " shapes")
                : Optional.empty();
    }

    private static Optional<Decision.Reject> livePage(BatchView view, String page) {
        return view.pageIsLive(page) ? Optional.empty() : reject(ErrorCode.NO_SUCH_SHAPE, "no page " + page);
    }

    private static Optional<Decision.Reject> teacherOnly(Member sender, String what) {
        return sender.isTeacher() ? Optional.empty() : reject(ErrorCode.FORBIDDEN, "only teachers " + what);
    }

    private static boolean maySketch(RoomState state, Member sender) {
        return sender.isTeacher() || state.locks().getStudentsMayDraw();
    }

    private static Decision locked() {
        return new Decision.Reject(ErrorCode.FORBIDDEN, "the teacher has not opened the whiteboard to students");
    }

    private static Optional<Decision.Reject> reject(String code, String message) {
        return Optional.of(new Decision.Reject(code, message));
    }
}
