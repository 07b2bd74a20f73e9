package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.Throttle;
import app.ardoise.cluster.classes.OwnedClass;
import app.ardoise.cluster.classes.TeacherClasses;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.signin.Teacher;
import app.ardoise.protocol.v1.CreateRoomRequest;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Role;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Creating a class and its two links, for the operator (POST /api/v1/rooms with the API key) and for a signed-in
 * teacher (the same route with a session, or POST /api/v1/my/classes), whose class goes into the teacher's index
 * before the answer. Rate-limited as one: there is one API key, and any teacher may sign in. The body's size is
 * bounded. The body may set the class's own limit of students (maxParticipants), up to the deployment's bound.
 */
final class ClassCreation extends AllDirectives {
    static final int MAX_TITLE = 200;
    private static final String TITLE_EXPECTED = "the body must be JSON like {\"title\": \"Maths 4B\"}, a title of at most "
            + MAX_TITLE + " characters";

    private final RoomDirectory rooms;
    private final JoinLinks links;
    private final HttpSettings settings;
    private final Clock clock;
    private final Throttle creations;
    private final ArdoiseMetrics metrics;
    private final Optional<TeacherClasses> classes;
    private final int maxParticipantsAllowed;

    /** @param maxParticipantsAllowed the most a class may set as its own limit (ardoise.room.max-participants-allowed) */
    ClassCreation(RoomDirectory rooms, JoinLinks links, HttpSettings settings, Clock clock, ArdoiseMetrics metrics,
                  Optional<TeacherClasses> classes, int maxParticipantsAllowed) {
        this.maxParticipantsAllowed = maxParticipantsAllowed;
        this.rooms = rooms;
        this.links = links;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.classes = classes;
        this.creations = new Throttle(settings.admission().roomsCreatedPerSecond(),
                settings.admission().roomsCreatedBurst(), System::nanoTime);
    }

    /** @param owner the signed-in teacher who creates it; empty for the operator's API key */
    Route create(Optional<Teacher> owner) {
        return throttled(() -> body(body -> create(body, owner)));
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
    Route body(Function<String, Route> inner) {
        long max = settings.admission().maxRequestBytes();
        return extractRequestEntity(entity -> entity.getContentLengthOption().orElse(0) > max
                ? complete(Problems.response(ProblemType.BODY_TOO_LARGE, "a request body has at most " + max + " bytes"))
                : withSizeLimit(max, () -> entity(Unmarshaller.entityToString(), inner)));
    }

    /** The title of a create or rename body, stripped: empty when the body is no such JSON or it is too long. */
    static Optional<String> title(String body) {
        try {
            String title = JsonBodies.parse(body, CreateRoomRequest.newBuilder()).build().getTitle().strip();
            return title.length() > MAX_TITLE ? Optional.empty() : Optional.of(title);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    /**
     * Why a body that is no create request is refused, as precisely as it can be told: not JSON at all, a
     * maxParticipants that is no whole number in bounds (-1, 2.5, "five"), or else a title that is not one.
     */
    private HttpResponse refusal(String body) {
        Struct json;
        try {
            json = JsonBodies.parse(body, Struct.newBuilder()).build();
        } catch (InvalidProtocolBufferException notJson) {
            return Problems.response(ProblemType.BAD_REQUEST, "the body must be a JSON object like {\"title\": \"Maths 4B\"}");
        }
        Value asked = json.getFieldsOrDefault("maxParticipants", json.getFieldsOrDefault("max_participants", null));
        if (asked != null && !(asked.hasNumberValue() && asked.getNumberValue() >= 0
                && asked.getNumberValue() == Math.rint(asked.getNumberValue())
                && asked.getNumberValue() <= maxParticipantsAllowed)) {
            return maxParticipantsRefused();
        }
        return Problems.response(ProblemType.INVALID_TITLE, TITLE_EXPECTED);
    }

    private HttpResponse maxParticipantsRefused() {
        return Problems.response(ProblemType.INVALID_MAX_PARTICIPANTS, "maxParticipants is a whole number of students from 1 to "
                + maxParticipantsAllowed + ", or 0 or absent for the deployment's default");
    }

    private Route create(String body, Optional<Teacher> owner) {
        CreateRoomRequest request;
        try {
            request = JsonBodies.parse(body, CreateRoomRequest.newBuilder()).build();
        } catch (InvalidProtocolBufferException e) {
            return complete(refusal(body));
        }
        String title = request.getTitle().strip();
        if (title.length() > MAX_TITLE) {
            return complete(Problems.response(ProblemType.INVALID_TITLE, TITLE_EXPECTED));
        }
        if (request.getMaxParticipants() > maxParticipantsAllowed) {
            return complete(maxParticipantsRefused());
        }
        String roomId = RoomIds.next();
        return onSuccess(rooms.create(roomId, title.isEmpty() ? "Classe" : title, request.getMaxParticipants()), info ->
                onSuccess(owner.flatMap(teacher -> classes.map(index -> index.add(teacher.subject(),
                                new OwnedClass(roomId, info.title(), clock.instant(), false))))
                                .orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance())), recorded ->
                        complete(HttpResponse.create()
                                .withStatus(StatusCodes.CREATED)
                                .withEntity(JsonBodies.render(CreateRoomResponse.newBuilder()
                                        .setRoomId(roomId)
                                        .setTitle(info.title())
                                        .setTeacher(links.link(roomId, Role.ROLE_TEACHER, 0))
                                        .setStudent(links.link(roomId, Role.ROLE_STUDENT, 0))
                                        .setWebsocketUrl(settings.webSocketUrl() + "/ws/rooms/" + roomId)
                                        .build())))));
    }
}
