package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Cuts a batch too large for one frame into consecutive parts (protocol/WHITEBOARD.md, "Batches"). */
public final class Batches {
    private Batches() {}

    /**
     * The batch's ops in order, in parts whose encoding stays within {@code maxBytes}.
     *
     * @throws IllegalArgumentException when a single op is larger than {@code maxBytes}
     */
    public static List<WhiteboardBatch> split(WhiteboardBatch batch, int maxBytes) {
        List<WhiteboardBatch> parts = new ArrayList<>();
        WhiteboardBatch.Builder part = WhiteboardBatch.newBuilder();
        int partBytes = 0;
        for (WhiteboardOp op : batch.getOpsList()) {
            int opBytes = CodedOutputStream.computeMessageSize(1, op);
            if (opBytes > maxBytes) {
                throw new IllegalArgumentException("op " + op.getId() + " alone takes " + opBytes + " bytes");
            }
            if (partBytes + opBytes > maxBytes) {
                parts.add(part.build());
                part = WhiteboardBatch.newBuilder();
                partBytes = 0;
            }
            part.addOps(op);
            partBytes += opBytes;
        }
        if (part.getOpsCount() > 0) {
            parts.add(part.build());
        }
        return parts;
    }
}
