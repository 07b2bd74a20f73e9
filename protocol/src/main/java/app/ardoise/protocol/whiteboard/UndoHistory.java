package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One client's undo and redo. Each entry holds the drafts that reverse a batch, read from the
 * replica just before the batch was applied; undoing stamps them as a new batch and records, the
 * same way, the entry that redoes it (what was shown when the undo ran, not what the original op
 * said, so others' edits made in between are kept).
 */
public final class UndoHistory {
    private final WhiteboardDoc doc;
    private final LocalAuthor author;
    private final Deque<List<WhiteboardOp>> undo = new ArrayDeque<>();
    private final Deque<List<WhiteboardOp>> redo = new ArrayDeque<>();

    public UndoHistory(WhiteboardDoc doc, LocalAuthor author) {
        this.doc = doc;
        this.author = author;
    }

    /**
     * Applies a batch this client made; a new action forgets what could be redone. A batch that
     * had nothing to reverse (clearing an empty page) leaves no undo step.
     */
    public void apply(WhiteboardBatch batch) {
        batch.getOpsList().forEach(OpCheck::require);
        List<WhiteboardOp> inverse = applyReversibly(batch);
        if (!inverse.isEmpty()) {
            undo.push(inverse);
            redo.clear();
        }
    }

    /** Applies the undo of the latest batch and returns it, to be sent like any batch. */
    public Optional<WhiteboardBatch> undo() {
        return move(undo, redo);
    }

    public Optional<WhiteboardBatch> redo() {
        return move(redo, undo);
    }

    private Optional<WhiteboardBatch> move(Deque<List<WhiteboardOp>> from, Deque<List<WhiteboardOp>> to) {
        if (from.isEmpty()) {
            return Optional.empty();
        }
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        from.pop().forEach(draft -> batch.addOps(author.stamp(draft)));
        WhiteboardBatch stamped = batch.build();
        to.push(applyReversibly(stamped));
        return Optional.of(stamped);
    }

    /**
     * Applies op by op, reading each inverse just before its op, and returns the inverses last
     * op first: stamped in that order, the inverse of the first op gets the newest clock and
     * leaves every register as it was before the whole batch.
     */
    private List<WhiteboardOp> applyReversibly(WhiteboardBatch batch) {
        List<WhiteboardOp> inverse = new ArrayList<>();
        for (WhiteboardOp op : batch.getOpsList()) {
            List<WhiteboardOp> reverse = Inverse.of(doc, op);
            doc.apply(op);
            inverse.addAll(0, reverse);
        }
        return Collections.unmodifiableList(inverse);
    }
}
