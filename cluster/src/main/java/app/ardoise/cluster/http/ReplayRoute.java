package app.ardoise.cluster.http;

import app.ardoise.cluster.replay.ClassReplays;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The class's journal for its replay ({@code GET /api/v1/rooms/{id}/replay?after=<seq>}), a ReplayPage in Protobuf,
 * gzipped for a client that takes it: for its teachers always, and for its students while the lock
 * students_may_replay is set. Callers are told as for the board's PDF.
 */
final class ReplayRoute extends AllDirectives {
    /** Compressible, or pekko's gzip encoder passes it by: a page of strokes shrinks to a fraction. */
    private static final ContentType PROTOBUF = ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", MediaTypes.COMPRESSIBLE));

    private final ReplayAccess access;
    private final ClassReplays replays;

    ReplayRoute(ReplayAccess access, ClassReplays replays) {
        this.access = access;
        this.replays = replays;
    }

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()).slash("replay"),
                roomId -> get(() -> parameterOptional("after", after -> {
                    Optional<Long> from = after.isEmpty() ? Optional.of(0L) : seq(after.get());
                    if (!RoomIds.isValid(roomId)) {
                        return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
                    }
                    if (from.isEmpty()) {
                        return complete(Problems.response(ProblemType.BAD_REQUEST, "after must be a seq: a whole number from 0"));
                    }
                    return access.allowed(roomId, "its replay", teacher -> replay(roomId, teacher, from.get()));
                })));
    }

    private Route replay(String roomId, boolean teacher, long after) {
        // gzip or deflate as the request accepts, none when it says nothing (pekko's default).
        return encodeResponse(() -> onSuccess(replays.page(roomId, teacher, after),
                page -> complete(HttpResponse.create()
                        .addHeader(RawHeader.create("Cache-Control", "private, no-store"))
                        .withEntity(HttpEntities.create(PROTOBUF, page.toByteArray())))));
    }

    private static Optional<Long> seq(String text) {
        try {
            long value = Long.parseLong(text);
            return value >= 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
