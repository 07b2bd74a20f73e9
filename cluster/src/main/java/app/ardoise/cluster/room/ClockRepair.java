package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardLimits;
import java.util.List;

/**
 * Brings back a board whose journal holds a clock far ahead of the rest, written before the rules
 * bounded the lead (WhiteboardLimits.MAX_LAMPORT_LEAD). One op at 2^64-1 would leave every later
 * op of every client nowhere to go. Recovery re-stamps such an op one past the board's clock as
 * it was then, the clock it would have had from a well-behaved client: the same journal always
 * gives the same board, and no accepted op is lost, only its place in the order of concurrent writes.
 */
final class ClockRepair {
    private ClockRepair() {}

    /** The event as the room keeps it: itself unless a whiteboard op leads the board by more than the bound. */
    static RoomEvent event(RoomEvent event, long boardLamport) {
        if (!event.hasWhiteboard()) {
            return event;
        }
        List<WhiteboardOp> ops = event.getWhiteboard().getOpsList();
        WhiteboardBatch.Builder repaired = null;
        long clock = boardLamport;
        for (int i = 0; i < ops.size(); i++) {
            WhiteboardOp op = ops.get(i);
            long lamport = tooFarAhead(op.getLamport(), clock) ? clock + 1 : op.getLamport();
            if (lamport != op.getLamport() && repaired == null) {
                repaired = WhiteboardBatch.newBuilder().addAllOps(ops.subList(0, i));
            }
            if (repaired != null) {
                repaired.addOps(lamport == op.getLamport() ? op : op.toBuilder().setLamport(lamport).build());
            }
            if (Long.compareUnsigned(lamport, clock) > 0) {
                clock = lamport;
            }
        }
        return repaired == null ? event : event.toBuilder().setWhiteboard(repaired).build();
    }

    private static boolean tooFarAhead(long lamport, long clock) {
        return Long.compareUnsigned(lamport, clock) > 0
                && Long.compareUnsigned(lamport - clock, WhiteboardLimits.MAX_LAMPORT_LEAD) > 0;
    }
}
