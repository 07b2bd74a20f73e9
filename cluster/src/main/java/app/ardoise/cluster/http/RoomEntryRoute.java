package app.ardoise.cluster.http;

import app.ardoise.cluster.auth.TokenCheck;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEntryResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/rooms/{id}/entry} with {@code Authorization: Bearer <join token>}: where a class link
 * leads, asked by the join page before it opens the WebSocket. A browser never sees the status of a refused
 * upgrade (WebSocketRoute's 401, 403, 404), so without this a broken link would leave the page connecting
 * forever. The same verdicts as the upgrade's, from the same TokenService.verifyJoin, as JSON with a code the
 * client translates (a {@code Problem}). The token travels in a header, not the URL, to stay out of logs.
 *
 * <p>Only a valid link for this class reaches the class itself (which may start it, to read its size), as
 * with the upgrade; checks are held to the address's WebSocket opening rate ({@link WebSocketAdmission#check}).
 */
final class RoomEntryRoute extends AllDirectives {
    private static final String BEARER = "Bearer ";

    private final RoomDirectory rooms;
    private final TokenService tokens;
    private final WebSocketAdmission admission;

    RoomEntryRoute(RoomDirectory rooms, TokenService tokens, WebSocketAdmission admission) {
        this.rooms = rooms;
        this.tokens = tokens;
        this.admission = admission;
    }

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("rooms").slash(PathMatchers.segment()).slash("entry"),
                roomId -> get(() -> extractRequest(request -> admission.check(request, this::tooMany,
                        () -> optionalHeaderValueByName("Authorization", header -> entry(roomId, token(header)))))));
    }

    /**
     * The token of a Bearer header; null (an invalid link) for none or any other scheme. pekko-http refuses a
     * header over its parsing limit (8 KiB by default) before any route; one under it is decoded and its MAC
     * checked, a few microseconds.
     */
    private static String token(Optional<String> header) {
        return header.filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip())
                .orElse(null);
    }

    private Route entry(String roomId, String token) {
        TokenCheck<JoinGrant> check = tokens.verifyJoin(token, roomId);
        return switch (check.outcome()) {
            case INVALID -> refuse(ProblemType.INVALID_LINK, "this link is not a valid class link");
            case EXPIRED -> refuse(ProblemType.EXPIRED_LINK, "this link has expired");
            case WRONG_ROOM -> refuse(ProblemType.WRONG_CLASS, "this link is for another class");
            // A class that does not answer within the ask timeout (its node just failed, the journal is down)
            // is said so in JSON as well, rather than as pekko's plain 500: the page can offer to retry.
            case VALID -> onSuccess(rooms.info(roomId).handle((info, failure) -> Optional.ofNullable(failure == null ? info : null)),
                    info -> info.map(found -> !found.exists()
                                    ? refuse(ProblemType.UNKNOWN_CLASS, "no such class")
                                    : !found.current(check.grant().getRole(), check.grant().getLinkGeneration())
                                    ? refuse(ProblemType.LINK_REVOKED, "this link has been replaced: ask the teacher for the new one")
                                    : entered(roomId, found, check.grant()))
                            .orElseGet(() -> refuse(ProblemType.CLASS_UNAVAILABLE,
                                    "the class cannot be reached at the moment: try again")));
        };
    }

    private Route entered(String roomId, RoomInfo info, JoinGrant grant) {
        return complete(HttpResponse.create().withEntity(JsonBodies.render(RoomEntryResponse.newBuilder()
                .setRoomId(roomId)
                .setTitle(info.title())
                .setRole(grant.getRole() == Role.ROLE_TEACHER ? "teacher" : "student")
                .setParticipants(info.participants())
                .setMaxParticipants(info.maxParticipants())
                // As the room judges a student's Join (ROOM_FULL): connected students, teachers taking no seat.
                .setFull(info.full())
                .setEnded(info.ended())
                .setRecording(info.recording())
                .build())));
    }

    private Route tooMany(String reason, Duration retryAfter) {
        return complete(TooMany.response(reason, retryAfter));
    }

    private Route refuse(ProblemType type, String detail) {
        return complete(Problems.response(type, detail));
    }
}
