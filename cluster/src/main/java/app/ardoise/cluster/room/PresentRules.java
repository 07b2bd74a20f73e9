package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Present;
import app.ardoise.protocol.v1.PresentedView;
import app.ardoise.protocol.v1.Presentation;
import app.ardoise.protocol.v1.PresentationChanged;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.whiteboard.WhiteboardLimits;
import java.util.List;

/**
 * Presenting (protocol/WHITEBOARD.md, "Presenting"): the page and view a teacher shows, which students follow.
 * A page turn or a view that has settled is written, so a newcomer and a recovered class find it; a view on the
 * move is only relayed, so that a teacher panning for a minute writes one event, not hundreds.
 */
final class PresentRules {
    /** The client's zoom runs from 10 % to 800 %; a little slack either way costs nothing. */
    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 16;

    private PresentRules() {}

    /**
     * @param pendingBoard batches accepted but not yet written: a teacher who adds a document's pages presents the
     *     first one at once, and the Present is written after them
     */
    static Decision present(RoomState state, Member sender, Present present, List<WhiteboardBatch> pendingBoard) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher presents");
        }
        BatchView board = new BatchView(state.whiteboard());
        pendingBoard.forEach(batch -> batch.getOpsList().forEach(board::accept));
        if (!board.pageIsLive(present.getPageId())) {
            return new Decision.Reject(ErrorCode.NO_SUCH_PAGE, "no page " + present.getPageId() + " on the board");
        }
        if (present.hasView() && !valid(present.getView())) {
            return new Decision.Reject(ErrorCode.INVALID, "a view has a zoom from 5 % to 1600 % and an area within the board");
        }
        if (present.getSettled()) {
            PresentationChanged.Builder changed = PresentationChanged.newBuilder().setPageId(present.getPageId());
            if (present.hasView()) {
                changed.setView(present.getView());
            }
            return new Decision.Accept(RoomEvent.newBuilder().setPresentationChanged(changed));
        }
        if (!present.hasView()) {
            return new Decision.Reject(ErrorCode.INVALID, "a view on the move has its view");
        }
        if (!present.getPageId().equals(state.presentation().getPageId())) {
            return new Decision.Reject(ErrorCode.INVALID, "a page turn is settled: a view on the move stays on the presented page");
        }
        Presentation moving = Presentation.newBuilder().setPageId(present.getPageId()).setView(present.getView())
                .setPresenter(sender.id()).build();
        return new Decision.Relay(ServerFrame.newBuilder().setPresentation(moving).build(), Decision.Audience.OTHERS);
    }

    /** The presentation after {@code changed}, written by {@code presenter}. */
    static Presentation fold(PresentationChanged changed, String presenter) {
        Presentation.Builder presentation = Presentation.newBuilder().setPageId(changed.getPageId()).setPresenter(presenter);
        if (changed.hasView()) {
            presentation.setView(changed.getView());
        }
        return presentation.build();
    }

    private static boolean valid(PresentedView view) {
        return view.getZoom() >= MIN_ZOOM && view.getZoom() <= MAX_ZOOM
                && within(view.getX()) && within(view.getY())
                && view.getWidth() > 0 && within(view.getWidth()) && view.getHeight() > 0 && within(view.getHeight());
    }

    /** NaN fails every comparison, so it is refused with the rest. */
    private static boolean within(double value) {
        return Math.abs(value) <= 2.0 * WhiteboardLimits.MAX_COORDINATE;
    }
}
