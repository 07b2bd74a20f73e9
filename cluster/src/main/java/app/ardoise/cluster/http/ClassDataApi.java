package app.ardoise.cluster.http;

import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's data as a whole (RGPD): {@code DELETE /api/v1/rooms/{id}} erases it now and
 * {@code PUT /api/v1/rooms/{id}/retention} shortens how long its events are kept, for the operator's API key, a
 * teacher's link or the owner's session (ClassCallers), a student's link getting 403 forbidden;
 * {@code GET /api/v1/rooms/{id}/attendance} (and {@code attendance.csv}) serves its sessions' attendance to the same
 * callers; {@code GET /api/v1/rooms/{id}/export} downloads everything stored about it, for the operator (the owner has
 * {@code /api/v1/my/classes/{id}/export}). A teacher's link does not export: a link is shared, an access request
 * goes through the one who answers for the class. {@code GET /api/v1/rooms/{id}/links/{role}} gives the same callers
 * as the attendance the class's current link of that role, to share again from inside the class.
 */
final class ClassDataApi extends AllDirectives {
    private final ClassCallers callers;
    private final ApiKey apiKey;
    private final RoomDirectory rooms;
    private final ClassDeletion deletion;
    private final ClassArchiveRoute archive;
    private final RetentionRoute retention;
    private final AttendanceRoute attendance;
    private final ClassLinkRoute link;

    ClassDataApi(ClassCallers callers, ApiKey apiKey, RoomDirectory rooms, ClassDeletion deletion, ClassArchiveRoute archive,
                 RetentionRoute retention, AttendanceRoute attendance, ClassLinkRoute link) {
        this.retention = retention;
        this.attendance = attendance;
        this.link = link;
        this.callers = callers;
        this.apiKey = apiKey;
        this.rooms = rooms;
        this.deletion = deletion;
        this.archive = archive;
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()), roomId -> concat(
                pathEndOrSingleSlash(() -> delete(() -> delete(roomId))),
                path("retention", () -> put(() -> teacher(roomId, "set its retention", () -> retention.set(roomId)))),
                path("attendance", () -> get(() -> reader(roomId, () -> attendance.json(roomId)))),
                path("attendance.csv", () -> get(() -> reader(roomId, () -> attendance.csv(roomId)))),
                path(PathMatchers.segment("links").slash(PathMatchers.segment()), role ->
                        get(() -> teacher(roomId, false, "share its links", () -> link.current(roomId, role)))),
                path("export", () -> get(() -> apiKey.required(() -> existing(roomId, () -> archive.archive(roomId)))))));
    }

    private Route delete(String roomId) {
        return teacher(roomId, "delete its data", () -> onSuccess(deletion.delete(roomId), done -> complete(StatusCodes.NO_CONTENT)));
    }

    /** A change by one of the class's teachers, to a class that exists; a student's link is 403 forbidden. */
    private Route teacher(String roomId, String what, Supplier<Route> inner) {
        return teacher(roomId, true, what, inner);
    }

    /** A read of what only the class's teachers see: its attendance names its students. */
    private Route reader(String roomId, Supplier<Route> inner) {
        return teacher(roomId, false, "see its attendance", inner);
    }

    private Route teacher(String roomId, boolean changing, String what, Supplier<Route> inner) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return callers.caller(roomId, changing, caller -> {
            if (caller instanceof ClassCaller.Refused refused) {
                return complete(Problems.response(refused.type(), refused.message()));
            }
            if (caller instanceof ClassCaller.Student) {
                return complete(Problems.response(ProblemType.FORBIDDEN, "only the class's teachers " + what));
            }
            return existing(roomId, inner);
        });
    }

    /** The API key admits any id: one that names no class is 404, as a link to none would be. */
    private Route existing(String roomId, Supplier<Route> inner) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return onSuccess(rooms.info(roomId), info -> info.exists() ? inner.get() : unknown());
    }

    private Route unknown() {
        return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
    }
}
