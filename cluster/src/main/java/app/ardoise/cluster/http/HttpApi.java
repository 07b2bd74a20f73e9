package app.ardoise.cluster.http;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.classes.ClassErasure;
import app.ardoise.cluster.classes.ClassExport;
import app.ardoise.cluster.classes.ClassRows;
import app.ardoise.cluster.classes.TeacherClasses;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.cluster.export.BoardExports;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.recordings.ClassRecordings;
import app.ardoise.cluster.replay.ClassReplays;
import app.ardoise.cluster.retention.ClassRetentions;
import app.ardoise.cluster.retention.RetentionSettings;
import app.ardoise.cluster.session.ClientSession;
import app.ardoise.cluster.signin.SignIn;
import app.ardoise.protocol.v1.ClientLimits;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/** Every HTTP route of a node. */
public final class HttpApi extends AllDirectives {
    /** Events a replay page reads at most: a whiteboard batch is at most a few kilobytes, a page a few megabytes. */
    private static final int REPLAY_PAGE_EVENTS = 2_000;

    private final RoomsApi rooms;
    private final WebSocketRoute webSocket;
    private final HealthRoutes health;
    private final MetricsRoute metrics;
    private final ClusterApi cluster;
    private final LimitsRoute limits;
    private final RoomEntryRoute entry;
    private final Optional<SignInRoutes> signIn;
    private final Optional<MyClassesApi> myClasses;
    private final Optional<Route> bigBlueButton;
    private final DocumentsApi documents;
    private final BoardPdfRoute boardPdf;
    private final RecordingsRoute recordings;
    private final ReplayRoute replay;
    private final ClassDataApi classData;
    private final WebRoutes web = new WebRoutes();
    private final Problems problems = new Problems();
    private final OpenApiRoute openApi = new OpenApiRoute();

    public HttpApi(ActorSystem<?> system, RoomDirectory directory, TokenService tokens, HttpSettings settings,
                   Function<String, ClientSession.Wiring> wiring, ArdoiseMetrics meters,
                   NodeHealth nodeHealth, ClientLimits clientLimits, int maxParticipantsAllowed, Clock clock,
                   Optional<SignIn> signIn, Optional<TeacherClasses> classes, Documents documents,
                   Optional<Route> bigBlueButton, String keyspace, RetentionSettings retention,
                   ClassRecordings recorded, AttendanceStore attendance) {
        this.bigBlueButton = bigBlueButton;
        ApiKey apiKey = new ApiKey(settings.apiKey(), settings.previousApiKeys());
        Optional<TeacherAuth> teachers = signIn.map(on -> new TeacherAuth(on, settings.publicUrl()));
        this.signIn = signIn.map(on -> new SignInRoutes(on, teachers.get(), new SignInAdmission(system, settings.admission(), meters)));
        JoinLinks links = new JoinLinks(tokens, settings, clock);
        ClassCreation creation = new ClassCreation(directory, links, settings, clock, meters, classes,
                maxParticipantsAllowed);
        RoomActions actions = new RoomActions(directory, creation);
        this.rooms = new RoomsApi(directory, links, creation, apiKey, teachers, actions);
        ClassRows rows = new ClassRows(system, keyspace);
        ClassDeletion deletion = new ClassDeletion(directory, new ClassErasure(system, documents, attendance), rows);
        ClassRetentions retentions = new ClassRetentions(system, keyspace);
        ClassArchiveRoute archive = new ClassArchiveRoute(new ClassExport(system, documents, rows, retentions, attendance, recorded,
                keyspace, clock));
        this.myClasses = teachers.flatMap(auth -> classes.map(index -> new MyClassesApi(auth, index,
                deletion, archive, directory, rooms, creation, links, actions)));
        ClassCallers callers = new ClassCallers(apiKey, tokens, directory, teachers, classes);
        this.documents = new DocumentsApi(documents, callers);
        this.boardPdf = new BoardPdfRoute(directory, callers, new BoardExports(documents, clock));
        ReplayAccess replayAccess = new ReplayAccess(directory, callers);
        this.recordings = new RecordingsRoute(replayAccess, recorded, documents.blobs());
        this.replay = new ReplayRoute(replayAccess, new ClassReplays(system, keyspace, REPLAY_PAGE_EVENTS));
        this.classData = new ClassDataApi(callers, apiKey, directory, deletion, archive,
                new RetentionRoute(retentions, retention, creation), new AttendanceRoute(directory, attendance, clock),
                new ClassLinkRoute(directory, links));
        this.cluster = new ClusterApi(system, apiKey, settings.askTimeout(), nodeHealth.sfus());
        WebSocketAdmission admission = new WebSocketAdmission(system, settings.admission(), meters);
        this.webSocket = new WebSocketRoute(system, directory, tokens, wiring, admission);
        this.entry = new RoomEntryRoute(directory, tokens, admission);
        this.health = new HealthRoutes(system, nodeHealth);
        this.metrics = new MetricsRoute(meters);
        this.limits = new LimitsRoute(clientLimits);
    }

    /**
     * Sealed inside the security headers, so that every answer carries them: refusals and pekko's own
     * rejections (404, 405, 413) as well as pages, the API, health and metrics. The link check, the documents and
     * the class's data (ClassDataApi) come before the rooms API, whose API key would otherwise claim its Authorization header. Sign-in's routes,
     * and the teachers' own classes, are there only when it is on (ARDOISE_AUTH); the BigBlueButton-compatible
     * API only when it has a secret (ARDOISE_BBB_SECRET), and it answers in its own XML. Under /api and /ws,
     * whatever refuses or fails answers a problem (Problems); elsewhere a request no route took is a browser's
     * page not found (WebRoutes#notFound) or pekko's plain 404.
     */
    public Route route() {
        RejectionHandler notFound = RejectionHandler.newBuilder().handleNotFound(web.notFound()).build();
        Route signInRoutes = signIn.map(SignInRoutes::route).orElseGet(() -> new SignInOffRoute().route());
        Route myClassesRoutes = myClasses.map(MyClassesApi::route).orElseGet(this::reject);
        Route every = concat(entry.route(), documents.route(), boardPdf.route(), recordings.route(), replay.route(), classData.route(), rooms.route(), signInRoutes, myClassesRoutes, bigBlueButton.orElseGet(this::reject),
                cluster.route(), limits.route(), problems.types(), openApi.route(), webSocket.route(), health.route(),
                metrics.route(), web.route());
        Route asProblems = handleExceptions(problems.failures(), () -> handleRejections(Problems.rejections(), () -> every));
        return respondWithHeaders(WebRoutes.SECURITY, () -> concat(
                pathPrefixTest("api", () -> asProblems),
                pathPrefixTest("ws", () -> asProblems),
                handleRejections(notFound, () -> every)).seal());
    }
}
