package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.ShapeInfo;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The board as a batch's later ops see it: the room's document with the batch's earlier ops laid
 * over it. A batch may create a shape and move it, or clear a page and draw on it, and is judged as
 * a whole before anything is written, so the document itself cannot change while judging.
 */
final class BatchView {
    private final WhiteboardDoc doc;
    private final Map<Key, ShapeInfo> shapes = new HashMap<>();
    private final Map<String, Boolean> pages = new HashMap<>();
    private final Set<String> cleared = new HashSet<>();
    private final Map<String, Integer> shown = new HashMap<>();
    private long maxLamport;

    BatchView(WhiteboardDoc doc) {
        this.doc = doc;
        this.maxLamport = doc.maxLamport();
    }

    /** The board's max_lamport (unsigned) as the batch's later ops see it: how far ahead their clocks may run. */
    long maxLamport() {
        return maxLamport;
    }

    boolean pageIsLive(String page) {
        return pages.getOrDefault(page, doc.pageIsLive(page));
    }

    Optional<ShapeInfo> shape(String page, String shapeId) {
        ShapeInfo touched = shapes.get(new Key(page, shapeId));
        if (touched != null) {
            return Optional.of(touched);
        }
        // A clear in this batch is newer than whatever hid a shape before it.
        return doc.shape(page, shapeId)
                .map(info -> cleared.contains(page) ? withLive(info, false, ShapeInfo.CLEARED) : info);
    }

    /** Shapes shown on the page as the batch's earlier ops leave it. */
    int shownCount(String page) {
        return shown.computeIfAbsent(page, p -> cleared.contains(p) ? 0 : doc.liveShapeCount(p));
    }

    /** Lays an op the rules accepted over the view. */
    void accept(WhiteboardOp op) {
        if (Long.compareUnsigned(op.getLamport(), maxLamport) > 0) {
            maxLamport = op.getLamport();
        }
        String page = op.getPage();
        switch (op.getBodyCase()) {
            case CREATE_SHAPE -> {
                var create = op.getCreateShape();
                shapes.put(new Key(page, create.getShapeId()), new ShapeInfo(create.getShapeId(), create.getKind(),
                        op.getClientId(), true, create.getPointsCount() / 2, ""));
                shown.put(page, shownCount(page) + 1);
            }
            case DELETE_SHAPE -> setLive(page, op.getDeleteShape().getShapeId(), false, op.getClientId());
            case RESTORE_SHAPE -> setLive(page, op.getRestoreShape().getShapeId(), true, "");
            case CLEAR_PAGE -> {
                shapes.replaceAll((key, info) -> key.page().equals(page) ? withLive(info, false, ShapeInfo.CLEARED) : info);
                cleared.add(page);
                shown.put(page, 0);
            }
            case ADD_PAGE -> pages.put(page, true);
            case REMOVE_PAGE -> pages.put(page, false);
            case UPDATE_PROPS, REORDER, BODY_NOT_SET -> { }
        }
    }

    private void setLive(String page, String shapeId, boolean live, String by) {
        shape(page, shapeId).ifPresent(info -> {
            shapes.put(new Key(page, shapeId), withLive(info, live, by));
            shown.put(page, shownCount(page) + (live ? 1 : -1));
        });
    }

    private static ShapeInfo withLive(ShapeInfo info, boolean live, String hiddenBy) {
        return new ShapeInfo(info.shapeId(), info.kind(), info.owner(), live, info.pointCount(), hiddenBy);
    }

    private record Key(String page, String shapeId) {}
}
