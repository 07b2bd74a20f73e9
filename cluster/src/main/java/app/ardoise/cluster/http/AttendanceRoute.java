package app.ardoise.cluster.http;

import app.ardoise.cluster.attendance.AttendanceSheet;
import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.protocol.v1.AttendanceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's attendance, as JSON or CSV, for whoever ClassDataApi let through: its closed sessions from their table
 * and the open one from the class. Neither may be cached: it names minors.
 */
final class AttendanceRoute extends AllDirectives {
    private final RoomDirectory rooms;
    private final AttendanceStore store;
    private final Clock clock;

    AttendanceRoute(RoomDirectory rooms, AttendanceStore store, Clock clock) {
        this.rooms = rooms;
        this.store = store;
        this.clock = clock;
    }

    Route json(String roomId) {
        return onSuccess(sheet(roomId), sheet -> complete(HttpResponse.create()
                .withEntity(JsonBodies.render(sheet))
                .addHeader(RawHeader.create("Cache-Control", "no-store"))));
    }

    Route csv(String roomId) {
        return onSuccess(sheet(roomId), sheet -> complete(HttpResponse.create()
                .withEntity(ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8),
                        AttendanceCsv.render(sheet).getBytes(StandardCharsets.UTF_8))
                .addHeader(RawHeader.create("Cache-Control", "no-store"))
                .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                        Map.of("filename", "attendance-" + roomId + ".csv")))));
    }

    private CompletionStage<AttendanceResponse> sheet(String roomId) {
        return store.sessions(roomId).thenCombine(rooms.attendance(roomId),
                (closed, report) -> AttendanceSheet.of(roomId, closed, report.open(), clock.millis()));
    }
}
