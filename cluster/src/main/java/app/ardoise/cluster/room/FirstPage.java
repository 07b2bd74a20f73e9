package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.FractionalIndex;

/**
 * The page every new class starts with, so a student allowed to draw has somewhere to draw before a
 * teacher adds pages (students may not). Made from the class's creation event, so a replay makes the
 * same page with the same stamp, which any client op outranks.
 */
final class FirstPage {
    static final String CLIENT_ID = "room";
    static final String PAGE_ID = CLIENT_ID + ":1";

    private FirstPage() {}

    static WhiteboardOp op() {
        return WhiteboardOp.newBuilder()
                .setId(PAGE_ID)
                .setLamport(1)
                .setClientId(CLIENT_ID)
                .setPage(PAGE_ID)
                .setAddPage(AddPage.newBuilder().setOrder(FractionalIndex.between(null, null)))
                .build();
    }
}
