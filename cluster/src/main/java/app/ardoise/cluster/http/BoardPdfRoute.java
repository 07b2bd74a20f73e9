package app.ardoise.cluster.http;

import app.ardoise.cluster.export.BoardExports;
import app.ardoise.cluster.export.ExportRefused;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The class's board as a PDF ({@code GET /api/v1/rooms/{id}/board.pdf}): every page, its document's picture under
 * what was drawn on it, for its teachers always and for its students while the lock students_may_download is set.
 * Callers are told as for documents (ClassCallers); a link of another class is refused as for its blobs.
 */
final class BoardPdfRoute extends AllDirectives {
    private final RoomDirectory rooms;
    private final ClassCallers callers;
    private final BoardExports exports;

    BoardPdfRoute(RoomDirectory rooms, ClassCallers callers, BoardExports exports) {
        this.rooms = rooms;
        this.callers = callers;
        this.exports = exports;
    }

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()).slash("board.pdf"),
                roomId -> get(() -> RoomIds.isValid(roomId)
                        ? callers.caller(roomId, false, caller -> caller instanceof ClassCaller.Refused refused
                                ? complete(Problems.response(refused.type(), refused.message()))
                                : board(roomId, caller instanceof ClassCaller.Teacher))
                        : complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"))));
    }

    private Route board(String roomId, boolean teacher) {
        return onSuccess(rooms.board(roomId), report -> {
            if (!report.exists()) {
                return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
            }
            if (!teacher && !report.locks().getStudentsMayDownload()) {
                return complete(Problems.response(ProblemType.FORBIDDEN, "the class's teachers have not let students download the board"));
            }
            return onSuccess(answered(exports.export(roomId, report.board())), this::complete);
        });
    }

    /** A refusal of the export is the caller's answer; any other failure goes on to Problems' handler. */
    private static CompletionStage<HttpResponse> answered(CompletionStage<byte[]> pdf) {
        return pdf.handle((bytes, failure) -> {
            if (failure == null) {
                return HttpResponse.create()
                        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"board.pdf\""))
                        .addHeader(RawHeader.create("Cache-Control", "private, no-store"))
                        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.APPLICATION_PDF), bytes));
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ExportRefused refused) {
                return Problems.response(refused.busy() ? ProblemType.BUSY : ProblemType.BOARD_TOO_LARGE, refused.getMessage());
            }
            throw new CompletionException(cause);
        });
    }
}
