package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.ShapeState;
import app.ardoise.protocol.v1.Stamp;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;

/** What must hold of the room's board after every batch it accepted (issue 14). */
final class BoardInvariants {
    /** How far one op may move the board's clock; the room is to refuse more (WhiteboardLimits). */
    static final long MAX_CLOCK_STEP_PER_OP = 100_000L;

    private BoardInvariants() {}

    /**
     * @param lamportBefore the board's clock before the batch was applied
     */
    static void assertAfterAcceptedBatch(WhiteboardDoc doc, long lamportBefore, WhiteboardBatch batch) {
        long bound = lamportBefore + MAX_CLOCK_STEP_PER_OP * batch.getOpsCount();
        assertTrue(Long.compareUnsigned(doc.maxLamport(), bound) <= 0,
                "an accepted batch moved the clock from " + Long.toUnsignedString(lamportBefore) + " to "
                        + Long.toUnsignedString(doc.maxLamport()) + " in " + batch.getOpsCount() + " ops");
        assertKept(doc);
    }

    /** Shown counts are recounts, and a snapshot loads back as the same board. */
    static void assertKept(WhiteboardDoc doc) {
        WhiteboardDocument snapshot = doc.toProto();
        for (PageState page : snapshot.getPagesList()) {
            long recount = page.getShapesList().stream().filter(shape -> shown(shape, page)).count();
            assertEquals(recount, doc.liveShapeCount(page.getPageId()), "shown shapes on " + page.getPageId());
        }
        assertEquals(doc.digest(), WhiteboardDoc.fromProto(snapshot).digest(), "a snapshot loads back the same");
    }

    /** protocol/WHITEBOARD.md: created, alive, and alive since after the page's last clear (a tie is a clear). */
    private static boolean shown(ShapeState shape, PageState page) {
        return shape.hasBirth() && shape.hasLife() && shape.getLife().getAlive()
                && (!page.hasCleared() || compare(shape.getLife().getStamp(), page.getCleared()) > 0);
    }

    private static int compare(Stamp a, Stamp b) {
        int byClock = Long.compareUnsigned(a.getLamport(), b.getLamport());
        return byClock != 0 ? byClock : a.getClientId().compareTo(b.getClientId());
    }
}
