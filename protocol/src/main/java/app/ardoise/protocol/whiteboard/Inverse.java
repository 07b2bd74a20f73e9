package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.RemovePage;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.RestoreShape;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The drafts that put back what an op is about to change, read from the document before the op
 * is applied. Undo never rewrites history: these become new ops with new clocks, so they win over
 * the op they undo and over anything older, and travel like any other edit.
 */
final class Inverse {

    private Inverse() {}

    static List<WhiteboardOp> of(WhiteboardDoc doc, WhiteboardOp op) {
        String pageId = op.getPage();
        Page page = doc.pages().get(pageId);
        List<WhiteboardOp> drafts = new ArrayList<>();
        switch (op.getBodyCase()) {
            case CREATE_SHAPE -> {
                String id = op.getCreateShape().getShapeId();
                Shape shape = shape(page, id);
                if (shape != null && shape.birth() != null) {
                    drafts.add(update(pageId, id, previous(shape, op.getCreateShape().getProps())));
                }
                drafts.add(life(pageId, id, visible(page, shape)));
            }
            case UPDATE_PROPS -> {
                String id = op.getUpdateProps().getShapeId();
                drafts.add(update(pageId, id, previous(shape(page, id), op.getUpdateProps().getProps())));
            }
            case REORDER -> {
                String id = op.getReorder().getShapeId();
                Shape shape = shape(page, id);
                String z = shape == null ? "" : (String) shape.effective(PropFields.Z_INDEX);
                drafts.add(draft(pageId).setReorder(Reorder.newBuilder().setShapeId(id).setZIndex(z)).build());
            }
            case DELETE_SHAPE -> {
                String id = op.getDeleteShape().getShapeId();
                drafts.add(life(pageId, id, visible(page, shape(page, id))));
            }
            case RESTORE_SHAPE -> {
                String id = op.getRestoreShape().getShapeId();
                drafts.add(life(pageId, id, visible(page, shape(page, id))));
            }
            case CLEAR_PAGE -> {
                if (page != null) {
                    page.shapes().values().stream()
                            .filter(shape -> shape.visible(page.cleared()))
                            .forEach(shape -> drafts.add(life(pageId, shape.id, true)));
                }
            }
            case ADD_PAGE, REMOVE_PAGE -> drafts.add(page != null && page.live()
                    ? draft(pageId).setAddPage(AddPage.newBuilder()
                            .setTitle(page.title() == null ? "" : page.title().value())
                            .setOrder(page.order() == null ? "" : page.order().value())).build()
                    : draft(pageId).setRemovePage(RemovePage.getDefaultInstance()).build());
            case BODY_NOT_SET -> throw new IllegalArgumentException("op without body: " + op.getId());
        }
        return drafts;
    }

    private static Shape shape(Page page, String shapeId) {
        return page == null ? null : page.shapes().get(shapeId);
    }

    private static boolean visible(Page page, Shape shape) {
        return shape != null && shape.visible(page.cleared());
    }

    /** The values, as shown now, of the fields the op sets. */
    private static ShapeProps previous(Shape shape, ShapeProps touched) {
        ShapeProps.Builder values = ShapeProps.newBuilder();
        for (FieldDescriptor field : PropFields.ALL) {
            if (touched.hasField(field)) {
                values.setField(field, shape == null ? PropFields.zero(field) : shape.effective(field));
            }
        }
        return values.build();
    }

    private static WhiteboardOp update(String pageId, String shapeId, ShapeProps props) {
        return draft(pageId).setUpdateProps(UpdateProps.newBuilder().setShapeId(shapeId).setProps(props)).build();
    }

    private static WhiteboardOp life(String pageId, String shapeId, boolean alive) {
        WhiteboardOp.Builder draft = draft(pageId);
        return alive
                ? draft.setRestoreShape(RestoreShape.newBuilder().setShapeId(shapeId)).build()
                : draft.setDeleteShape(DeleteShape.newBuilder().setShapeId(shapeId)).build();
    }

    private static WhiteboardOp.Builder draft(String pageId) {
        return WhiteboardOp.newBuilder().setPage(pageId);
    }
}
