package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.Throttle;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.protocol.v1.CreateRoomRequest;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.JoinLink;
import app.ardoise.protocol.v1.RenewLinkResponse;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomInfoResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /api/v1/rooms}: creating a class (and its two links), looking one up, ending it and renewing one of its
 * links. All need the API key, except creating, which also takes, where sign-in is on, a signed-in teacher's
 * session cookie with its CSRF token (TeacherAuth#stateChanging); both lead to the same creation. Creation is
 * rate-limited (there is one key: the limit is the key's), and its
 * body size is bounded.
 */
final class RoomsApi extends AllDirectives {
    private static final int MAX_TITLE = 200;

    private final RoomDirectory rooms;
    private final TokenService tokens;
    private final HttpSettings settings;
    private final Clock clock;
    private final ApiKey apiKey;
    private final Throttle creations;
    private final ArdoiseMetrics metrics;
    private final Optional<TeacherAuth> teachers;

    RoomsApi(RoomDirectory rooms, TokenService tokens, HttpSettings settings, Clock clock, ApiKey apiKey,
             ArdoiseMetrics metrics, Optional<TeacherAuth> teachers) {
        this.metrics = metrics;
        this.rooms = rooms;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.apiKey = apiKey;
        this.teachers = teachers;
        this.creations = new Throttle(settings.admission().roomsCreatedPerSecond(),
                settings.admission().roomsCreatedBurst(), System::nanoTime);
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("rooms"), () -> concat(
                pathEndOrSingleSlash(() -> post(() -> creator(() -> throttled(() -> body(this::create))))),
                apiKey.required(() -> concat(
                        path(PathMatchers.segment(), roomId -> get(() -> info(roomId))),
                        path(PathMatchers.segment().slash("end"), roomId -> post(() -> end(roomId))),
                        path(PathMatchers.segment().slash("links").slash(PathMatchers.segment()).slash("renew"),
                                (roomId, role) -> post(() -> renew(roomId, role)))))));
    }

    /**
     * Who may create a class: a request with an Authorization header is the operator's (the API key, as
     * without sign-in), one with a session cookie a teacher's; with neither, the API key's 401.
     */
    private Route creator(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", authorization -> optionalCookie(TeacherAuth.SESSION_COOKIE, cookie ->
                authorization.isEmpty() && cookie.isPresent() && teachers.isPresent()
                        ? teachers.get().stateChanging((session, teacher) -> inner.get())
                        : apiKey.required(inner)));
    }

    private Route throttled(Supplier<Route> inner) {
        return creations.take()
                .map(wait -> {
                    metrics.admissionRefused("rooms_created");
                    return complete(TooMany.response("too many classes created", wait));
                })
                .orElseGet(inner);
    }

    /**
     * The body, up to the limit: a declared length over it is answered at once, a chunked body that runs
     * over it fails as it is read (pekko's own 413).
     */
    private Route body(Function<String, Route> inner) {
        long max = settings.admission().maxRequestBytes();
        return extractRequestEntity(entity -> entity.getContentLengthOption().orElse(0) > max
                ? complete(StatusCodes.CONTENT_TOO_LARGE, "a request body has at most " + max + " bytes")
                : withSizeLimit(max, () -> entity(Unmarshaller.entityToString(), inner)));
    }

    private Route create(String body) {
        CreateRoomRequest request;
        try {
            request = JsonBodies.parse(body, CreateRoomRequest.newBuilder()).build();
        } catch (InvalidProtocolBufferException e) {
            return complete(StatusCodes.BAD_REQUEST, "the body must be JSON like {\"title\": \"Maths 4B\"}");
        }
        String title = request.getTitle().strip();
        if (title.length() > MAX_TITLE) {
            return complete(StatusCodes.BAD_REQUEST, "a title has at most " + MAX_TITLE + " characters");
        }
        String roomId = RoomIds.next();
        return onSuccess(rooms.create(roomId, title.isEmpty() ? "Classe" : title), info ->
                complete(HttpResponse.create()
                        .withStatus(StatusCodes.CREATED)
                        .withEntity(JsonBodies.render(CreateRoomResponse.newBuilder()
                                .setRoomId(roomId)
                                .setTitle(info.title())
                                .setTeacher(link(roomId, Role.ROLE_TEACHER, 0))
                                .setStudent(link(roomId, Role.ROLE_STUDENT, 0))
                                .setWebsocketUrl(settings.webSocketUrl() + "/ws/rooms/" + roomId)
                                .build()))));
    }

    private JoinLink link(String roomId, Role role, long generation) {
        long expires = clock.instant().plus(settings.linkTtl()).getEpochSecond();
        String token = tokens.sign(JoinGrant.newBuilder()
                .setRoom(roomId)
                .setRole(role)
                .setExpiresAtEpochS(expires)
                .setLinkGeneration(generation)
                .build());
        return JoinLink.newBuilder()
                .setUrl(settings.publicUrl() + "/c/" + roomId + "#" + token)
                .setToken(token)
                .setExpiresAtEpochS(expires)
                .build();
    }

    private Route info(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return complete(StatusCodes.NOT_FOUND, "no such class");
        }
        return onSuccess(rooms.info(roomId), info -> described(roomId, info));
    }

    /** Ends the class for everyone: every WebSocket closes with 4005; the same links open it again later. */
    private Route end(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return complete(StatusCodes.NOT_FOUND, "no such class");
        }
        return onSuccess(rooms.end(roomId), info -> described(roomId, info));
    }

    /** The new link of {@code roleName}; the previous one is refused from now on, on every node. */
    private Route renew(String roomId, String roleName) {
        Role role = switch (roleName) {
            case "teacher" -> Role.ROLE_TEACHER;
            case "student" -> Role.ROLE_STUDENT;
            default -> Role.ROLE_UNSPECIFIED;
        };
        if (role == Role.ROLE_UNSPECIFIED) {
            return complete(StatusCodes.NOT_FOUND, "a link is \"teacher\" or \"student\"");
        }
        if (!RoomIds.isValid(roomId)) {
            return complete(StatusCodes.NOT_FOUND, "no such class");
        }
        return onSuccess(rooms.renewLink(roomId, role), info -> info.exists()
                ? complete(HttpResponse.create().withEntity(JsonBodies.render(RenewLinkResponse.newBuilder()
                        .setRoomId(roomId)
                        .setRole(roleName)
                        .setLink(link(roomId, role, role == Role.ROLE_TEACHER
                                ? info.teacherLinkGeneration() : info.studentLinkGeneration()))
                        .build())))
                : complete(StatusCodes.NOT_FOUND, "no such class"));
    }

    private Route described(String roomId, RoomInfo info) {
        return info.exists()
                ? complete(HttpResponse.create().withEntity(JsonBodies.render(RoomInfoResponse.newBuilder()
                        .setRoomId(roomId)
                        .setTitle(info.title())
                        .setParticipantsConnected(info.participants())
                        .setEnded(info.ended())
                        .build())))
                : complete(StatusCodes.NOT_FOUND, "no such class");
    }
}
