package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.ShapeState;
import app.ardoise.protocol.v1.Stamp;
import app.ardoise.protocol.v1.StampedProps;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.whiteboard.WhiteboardLimits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

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

    /**
     * A snapshot taken after such an op holds its clock in its registers. Every gap wider than the bound
     * between two clocks the board holds shrinks to one: an order-preserving renumbering, so every
     * register keeps the write it had, and the board's clock comes back within reach.
     *
     * @return the snapshot itself when no gap is that wide
     */
    static WhiteboardDocument document(WhiteboardDocument doc) {
        TreeSet<Long> clocks = new TreeSet<>(Long::compareUnsigned);
        clocks.add(0L);
        clocks.add(doc.getMaxLamport());
        forEachStamp(doc.toBuilder(), stamp -> {
            clocks.add(stamp.getLamport());
            return stamp;
        });
        Map<Long, Long> renumbered = new HashMap<>();
        long previous = 0;
        long now = 0;
        boolean changed = false;
        for (long clock : clocks) {
            long step = clock - previous;
            changed |= Long.compareUnsigned(step, WhiteboardLimits.MAX_LAMPORT_LEAD) > 0;
            now += Long.compareUnsigned(step, WhiteboardLimits.MAX_LAMPORT_LEAD) > 0 ? 1 : step;
            renumbered.put(clock, now);
            previous = clock;
        }
        if (!changed) {
            return doc;
        }
        WhiteboardDocument.Builder repaired = doc.toBuilder().setMaxLamport(renumbered.get(doc.getMaxLamport()));
        forEachStamp(repaired, stamp -> stamp.toBuilder().setLamport(renumbered.get(stamp.getLamport())).build());
        return repaired.build();
    }

    /** Replaces every stamp of the document with what {@code change} makes of it. */
    private static void forEachStamp(WhiteboardDocument.Builder doc, UnaryOperator<Stamp> change) {
        for (PageState.Builder page : doc.getPagesBuilderList()) {
            if (page.hasLife()) {
                page.getLifeBuilder().setStamp(change.apply(page.getLife().getStamp()));
            }
            if (page.hasTitle()) {
                page.getTitleBuilder().setStamp(change.apply(page.getTitle().getStamp()));
            }
            if (page.hasOrder()) {
                page.getOrderBuilder().setStamp(change.apply(page.getOrder().getStamp()));
            }
            if (page.hasCleared()) {
                page.setCleared(change.apply(page.getCleared()));
            }
            for (ShapeState.Builder shape : page.getShapesBuilderList()) {
                if (shape.hasBirth()) {
                    shape.getBirthBuilder().setStamp(change.apply(shape.getBirth().getStamp()));
                }
                if (shape.hasLife()) {
                    shape.getLifeBuilder().setStamp(change.apply(shape.getLife().getStamp()));
                }
                for (StampedProps.Builder props : shape.getPropsBuilderList()) {
                    props.setStamp(change.apply(props.getStamp()));
                }
            }
        }
    }

    private static boolean tooFarAhead(long lamport, long clock) {
        return Long.compareUnsigned(lamport, clock) > 0
                && Long.compareUnsigned(lamport - clock, WhiteboardLimits.MAX_LAMPORT_LEAD) > 0;
    }
}
