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

    /** The class's own limit asked for in a create body: 0 for none; empty when it is out of bounds. */
    private Optional<Integer> maxParticipants(String body) {
        try {
            int asked = JsonBodies.parse(body, CreateRoomRequest.newBuilder()).build().getMaxParticipants();
            return asked <= maxParticipantsAllowed ? Optional.of(asked) : Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private Route create(String body, Optional<Teacher> owner) {
        Optional<String> title = title(body);
        if (title.isEmpty()) {
            return complete(Problems.response(ProblemType.INVALID_TITLE,
                    "the body must be JSON like {\"title\": \"Maths 4B\"}, a title of at most " + MAX_TITLE
                            + " characters (and maxParticipants, if any, a number from 1 to " + maxParticipantsAllowed + ")"));
        }
        Optional<Integer> maxParticipants = maxParticipants(body);
        if (maxParticipants.isEmpty()) {
            return complete(Problems.response(ProblemType.INVALID_MAX_PARTICIPANTS,
                    "maxParticipants is a number of students from 1 to " + maxParticipantsAllowed + ", or absent for the default"));
        }
        String roomId = RoomIds.next();
        return onSuccess(rooms.create(roomId, title.get().isEmpty() ? "Classe" : title.get(), maxParticipants.get()), info ->
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
