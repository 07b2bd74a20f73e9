package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A replica of the whiteboard: pages of shapes whose every field is a last-writer-wins register.
 * Applying an op only ever raises registers, so any order of the same ops, with any op repeated,
 * leaves the same state (protocol/WHITEBOARD.md). Mutable and single-threaded: the room's actor
 * or the browser's event loop owns it.
 */
public final class WhiteboardDoc {
    private final SortedMap<String, Page> pages = new TreeMap<>();
    private long maxLamport;

    /**
     * Applies every op of the batch, or none when one is malformed.
     *
     * @return whether the state changed
     * @throws IllegalArgumentException naming the first malformed op
     */
    public boolean apply(WhiteboardBatch batch) {
        batch.getOpsList().forEach(OpCheck::require);
        boolean changed = false;
        for (WhiteboardOp op : batch.getOpsList()) {
            changed |= applyWellFormed(op);
        }
        return changed;
    }

    /**
     * @return whether the state changed; false for an op applied before or one that lost everywhere
     * @throws IllegalArgumentException when the op is malformed ({@link OpCheck#malformed})
     */
    public boolean apply(WhiteboardOp op) {
        OpCheck.require(op);
        return applyWellFormed(op);
    }

    public WhiteboardDocument toProto() {
        return SnapshotCodec.encode(this);
    }

    public static WhiteboardDoc fromProto(WhiteboardDocument snapshot) {
        WhiteboardDoc doc = new WhiteboardDoc();
        doc.merge(snapshot);
        return doc;
    }

    /**
     * Joins a snapshot into this replica: a client that resyncs keeps its own ops the room has not
     * acknowledged yet, since both sides only ever raise registers.
     */
    public void merge(WhiteboardDocument snapshot) {
        SnapshotCodec.mergeInto(this, snapshot);
    }

    /** SHA-256 (hex) of the whole replicated state, stamps and tombstones included. */
    public String digest() {
        return Canonical.sha256Hex(DigestText.replica(this));
    }

    /** SHA-256 (hex) of {@link #viewText()}: equal when two documents look the same. */
    public String viewDigest() {
        return Canonical.sha256Hex(viewText());
    }

    /** What a user sees: live pages in order, shown shapes in paint order, without stamps. */
    public String viewText() {
        return DigestText.view(this);
    }

    /**
     * What users see, as data: live pages in ascending (order, page id), each with its shown shapes in ascending
     * (z_index, shape id), the orders the view text and the browser use.
     */
    public List<VisiblePage> visiblePages() {
        List<Page> live = new ArrayList<>();
        for (Page page : pages.values()) {
            if (page.live()) {
                live.add(page);
            }
        }
        live.sort(Comparator.comparing((Page page) -> page.order() == null ? "" : page.order().value()).thenComparing(page -> page.id));
        List<VisiblePage> visible = new ArrayList<>();
        for (Page page : live) {
            List<Shape> shown = new ArrayList<>();
            for (Shape shape : page.shapes().values()) {
                if (shape.visible(page.cleared())) {
                    shown.add(shape);
                }
            }
            shown.sort(Comparator.comparing((Shape shape) -> (String) shape.effective(PropFields.Z_INDEX)).thenComparing(shape -> shape.id));
            visible.add(new VisiblePage(page.id, page.title() == null ? "" : page.title().value(),
                    shown.stream().map(WhiteboardDoc::visible).toList()));
        }
        return visible;
    }

    private static VisibleShape visible(Shape shape) {
        Birth birth = shape.birth().value();
        ShapeKind kind = ShapeKind.forNumber(birth.kindValue());
        ShapeProps.Builder props = ShapeProps.newBuilder();
        for (FieldDescriptor field : PropFields.ALL) {
            props.setField(field, shape.effective(field));
        }
        return new VisibleShape(shape.id, kind == null ? ShapeKind.UNRECOGNIZED : kind, shape.birth().stamp().clientId(),
                props.build(), birth.points());
    }

    /** The greatest lamport applied; a client joining with this snapshot starts its clock here. */
    public long maxLamport() {
        return maxLamport;
    }

    public boolean pageIsLive(String pageId) {
        Page page = pages.get(pageId);
        return page != null && page.live();
    }

    /** Empty until the shape's create has been applied. */
    public Optional<ShapeInfo> shape(String pageId, String shapeId) {
        Page page = pages.get(pageId);
        Shape shape = page == null ? null : page.shapes().get(shapeId);
        if (shape == null || shape.birth() == null) {
            return Optional.empty();
        }
        Register<Birth> birth = shape.birth();
        ShapeKind kind = ShapeKind.forNumber(birth.value().kindValue());
        boolean shown = shape.visible(page.cleared());
        return Optional.of(new ShapeInfo(shapeId, kind == null ? ShapeKind.UNRECOGNIZED : kind,
                birth.stamp().clientId(), shown, birth.value().points().size() / 2, shown ? "" : hider(shape, page.cleared())));
    }

    /** The newest of its delete and its page's clear: a tie counts as the clear, as {@link Shape#visible} counts it. */
    private static String hider(Shape shape, Stamp cleared) {
        Register<Boolean> life = shape.life();
        boolean byClear = cleared != null && (life == null || life.value() || life.stamp().compareTo(cleared) <= 0);
        return byClear || life == null ? ShapeInfo.CLEARED : life.stamp().clientId();
    }

    /** Shapes shown on the page, what the per-page limit counts. */
    public int liveShapeCount(String pageId) {
        Page page = pages.get(pageId);
        return page == null ? 0 : page.visibleCount();
    }

    SortedMap<String, Page> pages() {
        return Collections.unmodifiableSortedMap(pages);
    }

    /** The page with this id, made empty (not shown) when an op refers to it first. */
    Page page(String pageId) {
        return pages.computeIfAbsent(pageId, Page::new);
    }

    boolean raiseLamport(long lamport) {
        if (Long.compareUnsigned(lamport, maxLamport) <= 0) {
            return false;
        }
        maxLamport = lamport;
        return true;
    }

    private boolean applyWellFormed(WhiteboardOp op) {
        Stamp stamp = Stamp.of(op);
        Page page = page(op.getPage());
        // Non-short-circuit | throughout: every register an op carries must be merged.
        boolean changed = switch (op.getBodyCase()) {
            case CREATE_SHAPE -> page.changeShape(op.getCreateShape().getShapeId(),
                    shape -> create(shape, stamp, op.getCreateShape()));
            case UPDATE_PROPS -> page.changeShape(op.getUpdateProps().getShapeId(),
                    shape -> shape.write(stamp, op.getUpdateProps().getProps()));
            case DELETE_SHAPE -> page.changeShape(op.getDeleteShape().getShapeId(),
                    shape -> shape.mergeLife(new Register<>(stamp, false)));
            case RESTORE_SHAPE -> page.changeShape(op.getRestoreShape().getShapeId(),
                    shape -> shape.mergeLife(new Register<>(stamp, true)));
            case REORDER -> page.changeShape(op.getReorder().getShapeId(),
                    shape -> shape.write(stamp, ShapeProps.newBuilder().setZIndex(op.getReorder().getZIndex()).build()));
            case CLEAR_PAGE -> page.mergeCleared(stamp);
            case ADD_PAGE -> page.mergeLife(new Register<>(stamp, true))
                    | page.mergeTitle(new Register<>(stamp, op.getAddPage().getTitle()))
                    | page.mergeOrder(new Register<>(stamp, op.getAddPage().getOrder()));
            case REMOVE_PAGE -> page.mergeLife(new Register<>(stamp, false));
            case BODY_NOT_SET -> throw new IllegalArgumentException("op without body: " + op.getId());
        };
        return raiseLamport(op.getLamport()) | changed;
    }

    private static boolean create(Shape shape, Stamp stamp, CreateShape create) {
        return shape.mergeBirth(new Register<>(stamp, new Birth(create.getKindValue(), create.getPointsList())))
                | shape.mergeLife(new Register<>(stamp, true))
                | shape.write(stamp, create.getProps());
    }
}
