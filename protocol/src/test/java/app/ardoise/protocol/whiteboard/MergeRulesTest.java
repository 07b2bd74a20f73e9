package app.ardoise.protocol.whiteboard;

import static app.ardoise.protocol.whiteboard.Ops.PAGE;
import static app.ardoise.protocol.whiteboard.Ops.addPage;
import static app.ardoise.protocol.whiteboard.Ops.batch;
import static app.ardoise.protocol.whiteboard.Ops.clear;
import static app.ardoise.protocol.whiteboard.Ops.create;
import static app.ardoise.protocol.whiteboard.Ops.delete;
import static app.ardoise.protocol.whiteboard.Ops.docOf;
import static app.ardoise.protocol.whiteboard.Ops.rect;
import static app.ardoise.protocol.whiteboard.Ops.removePage;
import static app.ardoise.protocol.whiteboard.Ops.reorder;
import static app.ardoise.protocol.whiteboard.Ops.restore;
import static app.ardoise.protocol.whiteboard.Ops.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of protocol/WHITEBOARD.md, one example each, every one in both arrival orders. */
class MergeRulesTest {
    private static final WhiteboardOp PAGE_1 = addPage(1, "room", PAGE, "One", "V");

    @Test
    void eachPropertyKeepsItsNewestWriteSoConcurrentEditsOfDifferentPropertiesBothWin() {
        WhiteboardOp create = rect(2, "c1", "c1:2", "V");
        WhiteboardOp move = update(3, "c1", "c1:2", ShapeProps.newBuilder().setX(500).build());
        WhiteboardOp recolour = update(3, "c2", "c1:2", ShapeProps.newBuilder().setFillColor("#e03131").build());
        WhiteboardDoc doc = bothOrders(List.of(PAGE_1, create), move, recolour);
        assertTrue(doc.viewText().contains("x=500\ty=20\twidth=100\theight=50\tfill_color=#e03131"), doc.viewText());
    }

    @Test
    void equalClocksAreOrderedByClientId() {
        WhiteboardOp create = rect(2, "c1", "c1:2", "V");
        WhiteboardOp byC1 = update(3, "c1", "c1:2", ShapeProps.newBuilder().setX(1).build());
        WhiteboardOp byC2 = update(3, "c2", "c1:2", ShapeProps.newBuilder().setX(2).build());
        assertTrue(bothOrders(List.of(PAGE_1, create), byC1, byC2).viewText().contains("\tx=2\t"));
    }

    @Test
    void aDeleteBeatsAConcurrentUpdateWhateverTheirClocks() {
        WhiteboardOp create = rect(2, "c1", "c1:2", "V");
        WhiteboardOp delete = delete(3, "c2", "c1:2");
        WhiteboardOp laterUpdate = update(9, "c1", "c1:2", ShapeProps.newBuilder().setX(7).build());
        WhiteboardDoc doc = bothOrders(List.of(PAGE_1, create), delete, laterUpdate);
        assertFalse(doc.shape(PAGE, "c1:2").orElseThrow().live());
        assertEquals(0, doc.liveShapeCount(PAGE));
    }

    @Test
    void aRestoreIsOrderedAgainstTheDeleteByClock() {
        WhiteboardOp create = rect(2, "c1", "c1:2", "V");
        WhiteboardOp delete = delete(5, "c2", "c1:2");
        assertTrue(bothOrders(List.of(PAGE_1, create), delete, restore(6, "c1", "c1:2"))
                .shape(PAGE, "c1:2").orElseThrow().live());
        assertFalse(bothOrders(List.of(PAGE_1, create), delete, restore(4, "c1", "c1:2"))
                .shape(PAGE, "c1:2").orElseThrow().live());
    }

    @Test
    void aRestoreShowsTheNewestValuesIncludingWritesMadeWhileDeleted() {
        WhiteboardDoc doc = docOf(PAGE_1, rect(2, "c1", "c1:2", "V"), delete(3, "c2", "c1:2"),
                update(4, "c1", "c1:2", ShapeProps.newBuilder().setX(7).build()));
        assertFalse(doc.viewText().contains("c1:2"));
        doc.apply(restore(5, "c2", "c1:2"));
        assertTrue(doc.viewText().contains("\tx=7\t"), doc.viewText());
    }

    @Test
    void aClearDeletesOlderShapesAndSparesNewerOnes() {
        WhiteboardOp old = rect(2, "c1", "c1:2", "V");
        WhiteboardOp clear = clear(5, "t");
        WhiteboardOp concurrentButLater = rect(6, "c2", "c2:6", "W");
        WhiteboardOp concurrentButEarlier = rect(4, "c3", "c3:4", "X");
        WhiteboardDoc doc = bothOrders(List.of(PAGE_1, old, concurrentButLater, concurrentButEarlier), clear);
        assertFalse(doc.shape(PAGE, "c1:2").orElseThrow().live());
        assertTrue(doc.shape(PAGE, "c2:6").orElseThrow().live());
        assertFalse(doc.shape(PAGE, "c3:4").orElseThrow().live());
        doc.apply(restore(7, "t", "c1:2"));
        assertEquals(2, doc.liveShapeCount(PAGE));
    }

    @Test
    void zOrderIsByIndexThenShapeId() {
        WhiteboardDoc doc = docOf(PAGE_1, rect(2, "c2", "c2:2", "V"), rect(2, "c1", "c1:2", "V"), rect(3, "c1", "c1:3", "U"));
        assertEquals(List.of("c1:3", "c1:2", "c2:2"), paintOrder(doc));
        doc.apply(reorder(4, "c2", "c1:3", "k"));
        assertEquals(List.of("c1:2", "c2:2", "c1:3"), paintOrder(doc));
    }

    @Test
    void aRemovedPageHidesItsShapesAndComesBackWithThemOnAddPage() {
        WhiteboardDoc doc = docOf(PAGE_1, rect(2, "c1", "c1:2", "V"), removePage(3, "t", PAGE));
        assertFalse(doc.pageIsLive(PAGE));
        assertEquals("ardoise-whiteboard-view 1\n", doc.viewText());
        doc.apply(addPage(4, "t", PAGE, "One", "V"));
        assertTrue(doc.viewText().contains("c1:2"));
    }

    @Test
    void opsThatArriveBeforeTheShapesCreateWaitInvisiblyForIt() {
        WhiteboardOp update = update(3, "c2", "c1:2", ShapeProps.newBuilder().setX(9).build());
        WhiteboardDoc early = docOf(update);
        assertTrue(early.shape(PAGE, "c1:2").isEmpty());
        assertFalse(early.pageIsLive(PAGE));
        WhiteboardDoc doc = bothOrders(List.of(update), PAGE_1, rect(2, "c1", "c1:2", "V"));
        assertTrue(doc.viewText().contains("\tx=9\t"));
    }

    @Test
    void aStrokeKeepsItsPointsAndCanStillBeMoved() {
        WhiteboardOp stroke = create(2, "c1", "c1:2", ShapeKind.SHAPE_KIND_PEN,
                ShapeProps.newBuilder().setX(100).setY(100).setStrokeColor("#000000").setStrokeWidth(20).build(),
                0, 0, 10, 5, 10, -5);
        WhiteboardDoc doc = docOf(PAGE_1, stroke, update(3, "c2", "c1:2", ShapeProps.newBuilder().setX(300).build()));
        ShapeInfo info = doc.shape(PAGE, "c1:2").orElseThrow();
        assertEquals(new ShapeInfo("c1:2", ShapeKind.SHAPE_KIND_PEN, "c1", true, 3, ""), info);
        assertTrue(doc.viewText().contains("points=0,0,10,5,10,-5\tx=300\ty=100"), doc.viewText());
    }

    @Test
    void reapplyingChangesNothingAndSaysSo() {
        WhiteboardDoc doc = new WhiteboardDoc();
        assertTrue(doc.apply(batch(PAGE_1, rect(2, "c1", "c1:2", "V"))));
        String digest = doc.digest();
        assertFalse(doc.apply(batch(PAGE_1, rect(2, "c1", "c1:2", "V"))));
        assertFalse(doc.apply(update(1, "c0", "c1:2", ShapeProps.newBuilder().setX(3).build())), "older write loses");
        assertEquals(digest, doc.digest());
    }

    @Test
    void aBatchWithAMalformedOpAppliesNothing() {
        WhiteboardDoc doc = new WhiteboardDoc();
        WhiteboardOp noShapeId = Ops.at(3, "c1").setDeleteShape(app.ardoise.protocol.v1.DeleteShape.getDefaultInstance()).build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> doc.apply(batch(PAGE_1, noShapeId)));
        assertTrue(error.getMessage().startsWith("op without shape_id"));
        assertEquals(new WhiteboardDoc().digest(), doc.digest());
    }

    @Test
    void anImageNamesItsPictureBySha256AndOnlyAnImageHasOne() {
        String hash = "ab".repeat(32);
        assertTrue(OpCheck.malformed(create(2, "t1", "t1:2", ShapeKind.SHAPE_KIND_IMAGE,
                ShapeProps.newBuilder().setImage(hash).setWidth(100).setHeight(80).build())).isEmpty());
        assertEquals("image without its picture", OpCheck.malformed(create(2, "t1", "t1:2", ShapeKind.SHAPE_KIND_IMAGE,
                ShapeProps.newBuilder().setWidth(100).build())).orElseThrow());
        assertEquals("picture that is not a SHA-256 in lower-case hex", OpCheck.malformed(create(2, "t1", "t1:2",
                ShapeKind.SHAPE_KIND_IMAGE, ShapeProps.newBuilder().setImage("https://example.org/x.png").build())).orElseThrow());
        assertEquals("picture that is not a SHA-256 in lower-case hex", OpCheck.malformed(create(2, "t1", "t1:2",
                ShapeKind.SHAPE_KIND_IMAGE, ShapeProps.newBuilder().setImage(hash.toUpperCase()).build())).orElseThrow());
        assertEquals("picture on a shape that is not an image", OpCheck.malformed(create(2, "c1", "c1:2",
                ShapeKind.SHAPE_KIND_RECTANGLE, ShapeProps.newBuilder().setImage(hash).build())).orElseThrow());
        assertEquals("picture that is not a SHA-256 in lower-case hex",
                OpCheck.malformed(update(3, "t1", "t1:2", ShapeProps.newBuilder().setImage("x").build())).orElseThrow());
        assertTrue(OpCheck.malformed(update(3, "t1", "t1:2", ShapeProps.newBuilder().setImage(hash).build())).isEmpty());
    }

    @Test
    void malformedOpsAreNamed() {
        assertEquals("op without lamport", OpCheck.malformed(Ops.at(0, "c1").setClearPage(
                app.ardoise.protocol.v1.ClearPage.getDefaultInstance()).build()).orElseThrow());
        assertEquals("op without body", OpCheck.malformed(Ops.at(1, "c1").build()).orElseThrow());
        assertEquals("update that sets no property",
                OpCheck.malformed(update(2, "c1", "c1:1", ShapeProps.getDefaultInstance())).orElseThrow());
        assertEquals("points on a shape that is not freehand", OpCheck.malformed(create(2, "c1", "c1:2",
                ShapeKind.SHAPE_KIND_RECTANGLE, ShapeProps.getDefaultInstance(), 1, 2)).orElseThrow());
        assertEquals("odd number of point coordinates", OpCheck.malformed(create(2, "c1", "c1:2",
                ShapeKind.SHAPE_KIND_PEN, ShapeProps.getDefaultInstance(), 1)).orElseThrow());
        assertTrue(OpCheck.malformed(rect(2, "c1", "c1:2", "V")).isEmpty());
    }

    @Test
    void theRoomsLimitsAreCheckedOnTheOpAlone() {
        Integer[] points = new Integer[2 * (WhiteboardLimits.MAX_POINTS_PER_STROKE + 1)];
        java.util.Arrays.fill(points, 1);
        assertEquals(new Breach(ErrorCode.TOO_LARGE, "stroke longer than 5000 points"), WhiteboardLimits.check(
                create(2, "c1", "c1:2", ShapeKind.SHAPE_KIND_PEN, ShapeProps.getDefaultInstance(), points), 1).orElseThrow());
        assertEquals(new Breach(ErrorCode.TOO_LARGE, "text longer than 2000 characters"), WhiteboardLimits.check(
                update(2, "c1", "c1:2", ShapeProps.newBuilder().setText("é".repeat(2001)).build()), 1).orElseThrow());
        assertTrue(WhiteboardLimits.check(rect(2, "c1", "c1:2", "a0"), 1).isEmpty());
        assertTrue(WhiteboardLimits.check(app.ardoise.protocol.v1.LiveStroke.newBuilder()
                .setFromIndex(4_999).addPoints(1).addPoints(1).addPoints(1).addPoints(1).build()).isPresent());
    }

    @Test
    void theDocumentsClockIsTheGreatestApplied() {
        WhiteboardDoc doc = docOf(PAGE_1, rect(7, "c1", "c1:7", "V"), update(3, "c2", "c1:7", ShapeProps.newBuilder().setX(1).build()));
        assertEquals(7, doc.maxLamport());
        Lamport clock = new Lamport(0);
        clock.observe(doc.maxLamport());
        assertEquals(8, clock.next());
        clock.observe(5);
        assertEquals(9, clock.next());
    }

    /** Applies the common prefix, then the rest in both orders; both must agree, and are returned. */
    private static WhiteboardDoc bothOrders(List<WhiteboardOp> prefix, WhiteboardOp... rest) {
        WhiteboardDoc forward = new WhiteboardDoc();
        WhiteboardDoc backward = new WhiteboardDoc();
        prefix.forEach(op -> {
            forward.apply(op);
            backward.apply(op);
        });
        for (int i = 0; i < rest.length; i++) {
            forward.apply(rest[i]);
            backward.apply(rest[rest.length - 1 - i]);
        }
        assertEquals(forward.digest(), backward.digest());
        return forward;
    }

    private static List<String> paintOrder(WhiteboardDoc doc) {
        return doc.viewText().lines().filter(line -> line.startsWith("shape\t"))
                .map(line -> line.split("\t")[1]).toList();
    }
}
