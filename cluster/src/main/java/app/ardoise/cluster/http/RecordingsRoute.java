package app.ardoise.cluster.http;

import app.ardoise.cluster.blobs.BlobStore;
import app.ardoise.cluster.recordings.ClassRecordings;
import app.ardoise.cluster.recordings.StoredRecording;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's recordings of its teachers' voices: {@code GET /api/v1/rooms/{id}/recordings} lists them, and
 * {@code GET /api/v1/rooms/{id}/recordings/{rid}.ogg} serves one as audio/ogg, with byte ranges so that an
 * {@code <audio>} element seeks. For its teachers (a teacher's link, the API key, the owner's session), and for its
 * students while its replay is open to them.
 */
final class RecordingsRoute extends AllDirectives {
    /** The recorder's ids: a UUID and the file's number within its recording. */
    private static final Pattern RECORDING_ID = Pattern.compile("[0-9a-f-]{1,64}");

    private final ReplayAccess access;
    private final ClassRecordings recordings;
    private final BlobStore blobs;

    RecordingsRoute(ReplayAccess access, ClassRecordings recordings, BlobStore blobs) {
        this.access = access;
        this.recordings = recordings;
        this.blobs = blobs;
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()).slash("recordings"),
                roomId -> get(() -> RoomIds.isValid(roomId)
                        ? concat(
                                pathEnd(() -> listener(roomId, () -> list(roomId))),
                                path(PathMatchers.segment(Pattern.compile("(.+)\\.ogg")), file ->
                                        listener(roomId, () -> ogg(roomId, file))))
                        : complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"))));
    }

    /** Students listen once the teachers have opened the class's replay to them: the replay these recordings go with. */
    private Route listener(String roomId, Supplier<Route> inner) {
        return access.allowed(roomId, "its replay, where its recordings are", teacher -> inner.get());
    }

    private Route list(String roomId) {
        return onSuccess(recordings.list(roomId), found -> complete(HttpResponse.create()
                .addHeader(RawHeader.create("Cache-Control", "private, no-store"))
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json(roomId, found)))));
    }

    private Route ogg(String roomId, String recordingId) {
        if (!RECORDING_ID.matcher(recordingId).matches()) {
            return complete(Problems.response(ProblemType.UNKNOWN_RECORDING, "no such recording in this class"));
        }
        return onSuccess(recordings.find(roomId, recordingId), found -> found.isEmpty()
                ? complete(Problems.response(ProblemType.UNKNOWN_RECORDING, "no such recording in this class"))
                : onSuccess(blobs.get(roomId, found.get().blob()), blob -> blob.isEmpty()
                        ? complete(Problems.response(ProblemType.UNKNOWN_RECORDING, "no such recording in this class"))
                        : respondWithHeader(RawHeader.create("Cache-Control", "private, no-store"), () -> withRangeSupport(() ->
                                complete(HttpEntities.create(ContentTypes.create(MediaTypes.AUDIO_OGG), blob.get().bytes()))))));
    }

    /** By hand: class ids (RoomIds) and recording ids (the recorder's) need no JSON escaping. */
    private static String json(String roomId, List<StoredRecording> found) {
        StringBuilder body = new StringBuilder("{\"recordings\":[");
        for (int i = 0; i < found.size(); i++) {
            StoredRecording recording = found.get(i);
            body.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"").append(recording.recordingId())
                    .append("\",\"startedAtMs\":").append(recording.startedAt().toEpochMilli())
                    .append(",\"endedAtMs\":").append(recording.endedAt().toEpochMilli())
                    .append(",\"bytes\":").append(recording.bytes())
                    .append(",\"url\":\"/api/v1/rooms/").append(roomId).append("/recordings/")
                    .append(recording.recordingId()).append(".ogg\"}");
        }
        return body.append("]}").toString();
    }
}
