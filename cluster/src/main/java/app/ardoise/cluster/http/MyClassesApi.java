package app.ardoise.cluster.http;

import app.ardoise.cluster.classes.OwnedClass;
import app.ardoise.cluster.classes.TeacherClasses;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.signin.Teacher;
import app.ardoise.protocol.v1.MyClass;
import app.ardoise.protocol.v1.MyClassesResponse;
import app.ardoise.protocol.v1.Role;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/my/classes}: the signed-in teacher's own classes (TeacherClasses), with the session cookie, and
 * its CSRF token on every change (TeacherAuth#stateChanging). A class of another teacher's, or the operator's, is
 * 403 not_owner; one that does not exist 404 unknown_class. Creating, ending, renewing and actions are those of
 * /api/v1/rooms, and answer alike, as do the CSV of a poll's results and the class's export (reads: the session
 * cookie alone). Deleting a class erases everything of it (ClassDeletion).
 */
final class MyClassesApi extends AllDirectives {
    private final TeacherAuth teachers;
    private final TeacherClasses classes;
    private final ClassDeletion deletion;
    private final ClassArchiveRoute archive;
    private final RoomDirectory rooms;
    private final RoomsApi roomsApi;
    private final ClassCreation creation;
    private final JoinLinks links;
    private final RoomActions actions;

    MyClassesApi(TeacherAuth teachers, TeacherClasses classes, ClassDeletion deletion, ClassArchiveRoute archive,
                 RoomDirectory rooms, RoomsApi roomsApi, ClassCreation creation, JoinLinks links, RoomActions actions) {
        this.teachers = teachers;
        this.classes = classes;
        this.deletion = deletion;
        this.archive = archive;
        this.rooms = rooms;
        this.roomsApi = roomsApi;
        this.creation = creation;
        this.links = links;
        this.actions = actions;
    }

    Route route() {
        return pathPrefix(PathMatchers.segment("api").slash("v1").slash("my").slash("classes"), () -> concat(
                pathEndOrSingleSlash(() -> concat(
                        get(() -> teachers.signedIn((session, teacher) -> list(teacher))),
                        post(() -> teachers.stateChanging((session, teacher) -> creation.create(Optional.of(teacher)))))),
                path(PathMatchers.segment(), roomId -> concat(
                        patch(() -> owned(roomId, (teacher, owned) -> creation.body(body -> rename(teacher, roomId, body)))),
                        delete(() -> owned(roomId, (teacher, owned) -> onSuccess(deletion.delete(roomId),
                                done -> complete(StatusCodes.NO_CONTENT)))))),
                path(PathMatchers.segment().slash("export"), roomId ->
                        get(() -> owned(roomId, teachers::signedIn, (teacher, owned) -> archive.archive(roomId)))),
                path(PathMatchers.segment().slash("archive"), roomId ->
                        post(() -> owned(roomId, (teacher, owned) -> archive(teacher, roomId, true)))),
                path(PathMatchers.segment().slash("unarchive"), roomId ->
                        post(() -> owned(roomId, (teacher, owned) -> archive(teacher, roomId, false)))),
                path(PathMatchers.segment().slash("polls").slash(PathMatchers.segment()).slash("results.csv"),
                        (roomId, pollId) -> get(() -> owned(roomId, teachers::signedIn,
                                (teacher, owned) -> roomsApi.pollResults(roomId, pollId)))),
                path(PathMatchers.segment().slash("end"), roomId ->
                        post(() -> owned(roomId, (teacher, owned) -> roomsApi.end(roomId)))),
                path(PathMatchers.segment().slash("actions"), roomId ->
                        post(() -> owned(roomId, (teacher, owned) -> actions.act(roomId)))),
                path(PathMatchers.segment().slash("links").slash(PathMatchers.segment()).slash("renew"), (roomId, role) ->
                        post(() -> JoinLinks.role(role) != Role.ROLE_UNSPECIFIED
                                ? owned(roomId, (teacher, owned) -> roomsApi.renew(roomId, role))
                                : complete(Problems.response(ProblemType.UNKNOWN_LINK,
                                        "a link is \"teacher\" or \"student\""))))));
    }

    private interface OwnedRoute {
        Route apply(Teacher teacher, OwnedClass owned);
    }

    /**
     * A change to one class, by its owner only. The index says whose it is; a class missing from the teacher's
     * index is asked for, to tell another's (403) from none (404).
     */
    private Route owned(String roomId, OwnedRoute inner) {
        return owned(roomId, teachers::stateChanging, inner);
    }

    /** @param auth how the teacher is checked: stateChanging for a change, signedIn for a read */
    private Route owned(String roomId, Function<BiFunction<String, Teacher, Route>, Route> auth, OwnedRoute inner) {
        return auth.apply((session, teacher) -> {
            if (!RoomIds.isValid(roomId)) {
                return unknown();
            }
            return onSuccess(classes.find(teacher.subject(), roomId), found -> found
                    .map(owned -> inner.apply(teacher, owned))
                    .orElseGet(() -> onSuccess(rooms.info(roomId), info -> info.exists()
                            ? complete(Problems.response(ProblemType.NOT_OWNER,
                                    "this class is not one of yours"))
                            : unknown())));
        });
    }

    private Route unknown() {
        return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
    }

    /** Each class as the index keeps it and as it is now: its title, who is in it, its current links. */
    private Route list(Teacher teacher) {
        return onSuccess(classes.list(teacher.subject()).thenCompose(this::described), listed ->
                complete(HttpResponse.create().withEntity(JsonBodies.render(
                        MyClassesResponse.newBuilder().addAllClasses(listed).build()))));
    }

    private CompletionStage<List<MyClass>> described(List<OwnedClass> owned) {
        List<CompletableFuture<MyClass>> each = owned.stream()
                .map(one -> rooms.info(one.roomId()).thenApply(info -> described(one, info)).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    private MyClass described(OwnedClass owned, RoomInfo info) {
        return MyClass.newBuilder()
                .setRoomId(owned.roomId())
                .setTitle(info.exists() ? info.title() : owned.title())
                .setArchived(owned.archived())
                .setCreatedAtEpochS(owned.createdAt().getEpochSecond())
                .setLive(info.participants() > 0)
                .setParticipantsConnected(info.participants())
                .setEnded(info.ended())
                .setTeacher(links.current(owned.roomId(), Role.ROLE_TEACHER, info))
                .setStudent(links.current(owned.roomId(), Role.ROLE_STUDENT, info))
                .build();
    }

    /** The title lives in the class (TitleChanged, which everyone in it sees); the index keeps a copy for its list. */
    private Route rename(Teacher teacher, String roomId, String body) {
        Optional<String> title = ClassCreation.title(body).filter(given -> !given.isEmpty());
        if (title.isEmpty()) {
            return complete(Problems.response(ProblemType.INVALID_TITLE,
                    "the body must be JSON like {\"title\": \"Maths 4B\"}, a title of 1 to " + ClassCreation.MAX_TITLE + " characters"));
        }
        return onSuccess(rooms.rename(roomId, title.get())
                        .thenCompose(info -> classes.rename(teacher.subject(), roomId, info.title()).thenApply(done -> info)),
                info -> roomsApi.described(roomId, info));
    }

    private Route archive(Teacher teacher, String roomId, boolean archived) {
        return onSuccess(classes.archive(teacher.subject(), roomId, archived),
                done -> complete(StatusCodes.NO_CONTENT));
    }
}
