package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClearPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.RemovePage;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.RestoreShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;

/** Hand-stamped ops for tests that need exact clocks. */
final class Ops {
    static final String PAGE = "p1";

    private Ops() {}

    static WhiteboardOp.Builder at(long lamport, String client) {
        return WhiteboardOp.newBuilder().setId(client + ":" + lamport).setLamport(lamport).setClientId(client).setPage(PAGE);
    }

    static WhiteboardOp addPage(long lamport, String client, String page, String title, String order) {
        return at(lamport, client).setPage(page).setAddPage(AddPage.newBuilder().setTitle(title).setOrder(order)).build();
    }

    static WhiteboardOp removePage(long lamport, String client, String page) {
        return at(lamport, client).setPage(page).setRemovePage(RemovePage.getDefaultInstance()).build();
    }

    static WhiteboardOp clear(long lamport, String client) {
        return at(lamport, client).setClearPage(ClearPage.getDefaultInstance()).build();
    }

    static WhiteboardOp create(long lamport, String client, String shape, ShapeKind kind, ShapeProps props, Integer... points) {
        return at(lamport, client).setCreateShape(CreateShape.newBuilder()
                .setShapeId(shape).setKind(kind).setProps(props).addAllPoints(List.of(points))).build();
    }

    static WhiteboardOp rect(long lamport, String client, String shape, String z) {
        return create(lamport, client, shape, ShapeKind.SHAPE_KIND_RECTANGLE,
                ShapeProps.newBuilder().setX(10).setY(20).setWidth(100).setHeight(50).setZIndex(z).build());
    }

    static WhiteboardOp update(long lamport, String client, String shape, ShapeProps props) {
        return at(lamport, client).setUpdateProps(UpdateProps.newBuilder().setShapeId(shape).setProps(props)).build();
    }

    static WhiteboardOp delete(long lamport, String client, String shape) {
        return at(lamport, client).setDeleteShape(DeleteShape.newBuilder().setShapeId(shape)).build();
    }

    static WhiteboardOp restore(long lamport, String client, String shape) {
        return at(lamport, client).setRestoreShape(RestoreShape.newBuilder().setShapeId(shape)).build();
    }

    static WhiteboardOp reorder(long lamport, String client, String shape, String z) {
        return at(lamport, client).setReorder(Reorder.newBuilder().setShapeId(shape).setZIndex(z)).build();
    }

    static WhiteboardBatch batch(WhiteboardOp... ops) {
        return WhiteboardBatch.newBuilder().addAllOps(List.of(ops)).build();
    }

    static WhiteboardDoc docOf(WhiteboardOp... ops) {
        WhiteboardDoc doc = new WhiteboardDoc();
        for (WhiteboardOp op : ops) {
            doc.apply(op);
        }
        return doc;
    }
}
