package app.ardoise.cluster.http;

import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.protocol.v1.RenewLinkResponse;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomInfoResponse;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/rooms}: creating a class (and its two links), looking one up, ending it and renewing one of its
 * links, a teacher's actions on it from outside (RoomActions), and a poll's results as CSV. All need the API key, except creating, which also takes, where sign-in is on, a signed-in teacher's
 * session cookie with its CSRF token (TeacherAuth#stateChanging); both lead to the same creation
 * (ClassCreation). Ending and renewing are also the owner's in MyClassesApi, which answers as here.
 */
final class RoomsApi extends AllDirectives {
    private final RoomDirectory rooms;
    private final JoinLinks links;
    private final ClassCreation creation;
    private final ApiKey apiKey;
    private final Optional<TeacherAuth> teachers;
    private final RoomActions actions;

    RoomsApi(RoomDirectory rooms, JoinLinks links, ClassCreation creation, ApiKey apiKey, Optional<TeacherAuth> teachers,
             RoomActions actions) {
        this.rooms = rooms;
        this.links = links;
        this.creation = creation;
        this.apiKey = apiKey;
        this.teachers = teachers;
        this.actions = actions;
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("rooms"), () -> concat(
                pathEndOrSingleSlash(() -> post(this::creator)),
                apiKey.required(() -> concat(
                        path(PathMatchers.segment(), roomId -> get(() -> info(roomId))),
                        path(PathMatchers.segment().slash("end"), roomId -> post(() -> end(roomId))),
                        path(PathMatchers.segment().slash("actions"), roomId -> post(() -> actions.act(roomId))),
                        path(PathMatchers.segment().slash("polls").slash(PathMatchers.segment()).slash("results.csv"),
                                (roomId, pollId) -> get(() -> pollResults(roomId, pollId))),
                        path(PathMatchers.segment().slash("links").slash(PathMatchers.segment()).slash("renew"),
                                (roomId, role) -> post(() -> renew(roomId, role)))))));
    }

    /**
     * Who may create a class: a request with an Authorization header is the operator's (the API key, as
     * without sign-in), one with a session cookie a teacher's, who then owns it; with neither, the API key's 401.
     */
    private Route creator() {
        return optionalHeaderValueByName("Authorization", authorization -> optionalCookie(TeacherAuth.SESSION_COOKIE, cookie ->
                authorization.isEmpty() && cookie.isPresent() && teachers.isPresent()
                        ? teachers.get().stateChanging((session, teacher) -> creation.create(Optional.of(teacher)))
                        : apiKey.required(() -> creation.create(Optional.empty()))));
    }

    private Route info(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return onSuccess(rooms.info(roomId), info -> described(roomId, info));
    }

    /** Ends the class for everyone: every WebSocket closes with 4005; the same links open it again later. */
    Route end(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return onSuccess(rooms.end(roomId), info -> described(roomId, info));
    }

    /** The new link of {@code roleName}; the previous one is refused from now on, on every node. */
    Route renew(String roomId, String roleName) {
        Role role = JoinLinks.role(roleName);
        if (role == Role.ROLE_UNSPECIFIED) {
            return complete(Problems.response(ProblemType.UNKNOWN_LINK, "a link is \"teacher\" or \"student\""));
        }
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return onSuccess(rooms.renewLink(roomId, role), info -> info.exists()
                ? complete(HttpResponse.create().withEntity(JsonBodies.render(RenewLinkResponse.newBuilder()
                        .setRoomId(roomId)
                        .setRole(roleName)
                        .setLink(links.current(roomId, role, info))
                        .build())))
                : unknown());
    }

    private Route unknown() {
        return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
    }

    /** One poll's results as CSV (PollCsv); 404 for a class or a poll the class does not hold (any more). */
    Route pollResults(String roomId, String pollId) {
        if (!RoomIds.isValid(roomId)) {
            return unknown();
        }
        return onSuccess(rooms.pollResults(roomId, pollId), report -> report.found()
                ? complete(HttpResponse.create()
                        .withEntity(ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8), PollCsv.render(report))
                        .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                                Map.of("filename", "poll-" + report.poll().getId() + ".csv"))))
                : complete(Problems.response(ProblemType.UNKNOWN_POLL, "no such poll in this class")));
    }

    Route described(String roomId, RoomInfo info) {
        return info.exists()
                ? complete(HttpResponse.create().withEntity(JsonBodies.render(RoomInfoResponse.newBuilder()
                        .setRoomId(roomId)
                        .setTitle(info.title())
                        .setParticipantsConnected(info.participants())
                        .setEnded(info.ended())
                        .build())))
                : unknown();
    }
}
