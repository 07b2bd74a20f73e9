package app.ardoise.cluster.http;

import app.ardoise.cluster.auth.TokenCheck;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.classes.TeacherClasses;
import app.ardoise.cluster.signin.Teacher;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Role;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Tells who asks for one class's documents, as the class admits people: the operator's API key or a teacher's link
 * is a teacher; a student's link a student; a signed-in teacher's session a teacher if the class is theirs
 * (TeacherClasses). A link travels as {@code Authorization: Bearer} or, for an {@code <img>} which sends no header,
 * as {@code ?token=}; it must be the class's current one (a renewed link is refused, as at the WebSocket).
 */
final class ClassCallers extends AllDirectives {
    private static final String BEARER = "Bearer ";

    private final ApiKey apiKey;
    private final TokenService tokens;
    private final RoomDirectory rooms;
    private final Optional<TeacherAuth> teachers;
    private final Optional<TeacherClasses> classes;

    ClassCallers(ApiKey apiKey, TokenService tokens, RoomDirectory rooms, Optional<TeacherAuth> teachers,
                 Optional<TeacherClasses> classes) {
        this.apiKey = apiKey;
        this.tokens = tokens;
        this.rooms = rooms;
        this.teachers = teachers;
        this.classes = classes;
    }

    /** @param changing whether the request changes something: a session then needs its CSRF token too */
    Route caller(String roomId, boolean changing, Function<ClassCaller, Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> parameterOptional("token", query -> {
            if (header.isPresent() && apiKey.authorized(header.get())) {
                return inner.apply(new ClassCaller.Teacher());
            }
            Optional<String> token = header
                    .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                    .map(value -> value.substring(BEARER.length()).strip())
                    .or(() -> query);
            if (token.isPresent() || header.isPresent()) {
                return onSuccess(byLink(roomId, token.orElse(null)), inner::apply);
            }
            return optionalCookie(TeacherAuth.SESSION_COOKIE, cookie -> cookie.isPresent() && teachers.isPresent() && classes.isPresent()
                    ? bySession(roomId, changing, inner)
                    : inner.apply(new ClassCaller.Refused(ProblemType.INVALID_LINK,
                            "a class link (Authorization: Bearer <token>, or ?token=) or a teacher's session is needed")));
        }));
    }

    private CompletionStage<ClassCaller> byLink(String roomId, String token) {
        TokenCheck<JoinGrant> check = tokens.verifyJoin(token, roomId);
        return switch (check.outcome()) {
            case INVALID -> refused(ProblemType.INVALID_LINK, "this link is not a valid class link");
            case EXPIRED -> refused(ProblemType.EXPIRED_LINK, "this link has expired");
            case WRONG_ROOM -> refused(ProblemType.WRONG_CLASS, "this link is for another class");
            case VALID -> rooms.info(roomId).thenApply(info -> {
                JoinGrant grant = check.grant();
                if (!info.exists()) {
                    return new ClassCaller.Refused(ProblemType.UNKNOWN_CLASS, "no such class");
                }
                if (!info.current(grant.getRole(), grant.getLinkGeneration())) {
                    return new ClassCaller.Refused(ProblemType.LINK_REVOKED, "this link has been replaced");
                }
                return grant.getRole() == Role.ROLE_TEACHER ? new ClassCaller.Teacher() : new ClassCaller.Student();
            });
        };
    }

    private Route bySession(String roomId, boolean changing, Function<ClassCaller, Route> inner) {
        TeacherAuth auth = teachers.get();
        BiFunction<String, Teacher, Route> owner = (session, teacher) ->
                onSuccess(classes.get().find(teacher.subject(), roomId), owned -> inner.apply(owned.isPresent()
                        ? new ClassCaller.Teacher()
                        : new ClassCaller.Refused(ProblemType.NOT_OWNER, "this class is not one of yours")));
        return changing ? auth.stateChanging(owner) : auth.signedIn(owner);
    }

    private static CompletionStage<ClassCaller> refused(ProblemType type, String message) {
        return CompletableFuture.completedFuture(new ClassCaller.Refused(type, message));
    }
}
