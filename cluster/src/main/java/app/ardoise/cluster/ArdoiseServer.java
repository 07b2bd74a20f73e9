package app.ardoise.cluster;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.attendance.AttendanceWriter;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.bbb.BbbApi;
import app.ardoise.cluster.bbb.BbbMeetings;
import app.ardoise.cluster.blobs.BlobStore;
import app.ardoise.cluster.classes.TeacherClasses;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.documents.ClassDocuments;
import app.ardoise.cluster.documents.DocumentConverter;
import app.ardoise.cluster.documents.DocumentSettings;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.cluster.documents.OfficeConverter;
import app.ardoise.cluster.http.HttpApi;
import app.ardoise.cluster.http.HttpSettings;
import app.ardoise.cluster.http.JoinLinks;
import app.ardoise.cluster.http.NodeHealth;
import app.ardoise.cluster.http.RoomDirectory;
import app.ardoise.cluster.http.ServerListener;
import app.ardoise.cluster.http.SfuStates;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.metrics.ClusterMeters;
import app.ardoise.cluster.metrics.RemoteTraffic;
import app.ardoise.cluster.placement.LoadAwareAllocation;
import app.ardoise.cluster.placement.LoadReporter;
import app.ardoise.cluster.placement.PlacementSettings;
import app.ardoise.cluster.placement.ShardLoads;
import app.ardoise.cluster.recordings.ClassRecordings;
import app.ardoise.cluster.recordings.Recorder;
import app.ardoise.cluster.retention.ClassRetentions;
import app.ardoise.cluster.retention.RetentionPurger;
import app.ardoise.cluster.room.Room;
import app.ardoise.cluster.room.RoomSettings;
import app.ardoise.cluster.session.ClientSession;
import app.ardoise.cluster.session.Drain;
import app.ardoise.cluster.session.SessionFanOut;
import app.ardoise.cluster.session.SessionSettings;
import app.ardoise.cluster.sfus.SfuAdvertiser;
import app.ardoise.cluster.signin.CsrfTokens;
import app.ardoise.cluster.signin.SignIn;
import app.ardoise.cluster.signin.SignInMode;
import app.ardoise.media.MediaSettings;
import app.ardoise.media.SfuPool;
import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/** One Ardoise node: the actor system, the sharded rooms, and the HTTP server in front of them. */
public final class ArdoiseServer implements AutoCloseable {
    /** Part of every remoting address, so of every seed node too. */
    public static final String SYSTEM_NAME = "ardoise";

    private final ActorSystem<Void> system;
    private final ServerListener binding;

    private ArdoiseServer(ActorSystem<Void> system, ServerListener binding) {
        this.system = system;
        this.binding = binding;
    }

    /** @throws IllegalArgumentException before anything starts, when a setting is missing or invalid */
    public static ArdoiseServer start(Config config) {
        return start(config, NodeSettings.from(config));
    }

    static ArdoiseServer start(Config config, NodeSettings settings) {
        return start(config, SYSTEM_NAME, settings);
    }

    /** A node under another system name: the warm-up's sandbox (WarmUpSandbox), a cluster of its own. */
    static ArdoiseServer start(Config config, String systemName, NodeSettings settings) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), systemName, config);
        try {
            return new ArdoiseServer(system, bind(system, config, settings));
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    private static ServerListener bind(ActorSystem<Void> system, Config config, NodeSettings settings) {
        ClusterJoin.start(system, config);
        Clock clock = Clock.systemUTC();
        ArdoiseMetrics metrics = new ArdoiseMetrics();
        RoomSettings roomSettings = settings.room();
        SessionSettings sessionSettings = settings.session();
        HttpSettings httpSettings = settings.http();
        TokenService tokens = new TokenService(httpSettings.tokenSecret(), httpSettings.previousTokenSecrets(), clock);

        ClusterSharding sharding = ClusterSharding.get(system);
        PlacementSettings placement = settings.placement();
        system.systemActorOf(SessionFanOut.create(), ToNode.RELAY, Props.empty());
        RemoteTraffic.get(system).meter(metrics.registry());
        JournalProbe probe = new JournalProbe(system);
        CompletableFuture<Void> warmedUp = new CompletableFuture<>();
        boolean cassandraJournal = config.getString("pekko.persistence.journal.plugin").equals("pekko.persistence.cassandra.journal");
        // Placement moves classes to this node once it is warmed up and its journal answers, as /health/ready says.
        // A journal in memory (the warm-up's sandbox) always answers: its probe would open a Cassandra session.
        system.systemActorOf(LoadReporter.create(ShardLoads.get(system), placement, clock,
                () -> !warmedUp.isDone() ? CompletableFuture.completedFuture(false)
                        : cassandraJournal ? probe.reachable() : CompletableFuture.completedFuture(true)), "shard-loads", Props.empty());
        sharding.init(Entity.of(RoomProtocol.TYPE_KEY, entity -> Room.create(entity, roomSettings, metrics, clock,
                        roomId -> sharding.entityRefFor(RoomProtocol.TYPE_KEY, roomId)))
                .withStopMessage(Room.Stop.INSTANCE)
                .withAllocationStrategy(new LoadAwareAllocation(ShardLoads.get(system), placement, clock::millis,
                        Cluster.get(system).selfMember().address())));
        ClusterMeters.start(system, sharding.shardState(), RoomProtocol.TYPE_KEY, metrics.registry());
        RoomDirectory directory = new RoomDirectory(sharding, httpSettings.askTimeout());
        Optional<SfuPool> sfu = startMedia(system, settings.media(), metrics);
        sfu.ifPresent(pool -> SfuAdvertiser.start(system, pool, settings.media().sfuAdvertise()));
        Drain.onShutdown(system);
        Optional<SignIn> signIn = SignIn.start(system, settings.signIn(), config.getString("ardoise.cassandra.keyspace"),
                httpSettings.publicUrl(),
                new CsrfTokens(httpSettings.tokenSecret(), httpSettings.previousTokenSecrets()), clock);
        if (settings.signIn().mode() == SignInMode.DEV) {
            // Loud, because it must never go unnoticed: the loopback bind (SignInSettings) is the only other guard.
            system.log().warn("ARDOISE_AUTH=dev: ANYONE CAN SIGN IN AS ANY TEACHER from this machine ({}). "
                    + "For development only, never in production.", httpSettings.host());
        }
        String keyspace = config.getString("ardoise.cassandra.keyspace");
        Documents documents = startDocuments(system, settings.documents(), keyspace, clock);
        ClassRecordings recordings = new ClassRecordings(system, keyspace, documents.blobs());
        AttendanceStore attendance = new AttendanceStore(system, keyspace);
        HttpApi api = new HttpApi(system, directory, tokens, httpSettings,
                roomId -> new ClientSession.Wiring(roomId, directory.room(roomId), tokens, sessionSettings, metrics, clock, sfu),
                metrics, new NodeHealth(probe::reachable, () -> sfu.map(c -> c.isServing() ? "up" : "down").orElse("off"),
                        warmedUp::isDone, () -> sfu.map(SfuStates::of).orElse(List.of())), sessionSettings.clientLimits(), roomSettings.capacity().allowed(), clock, signIn,
                signIn.map(on -> new TeacherClasses(system, keyspace)), documents,
                settings.bbb().enabled().map(bbb -> new BbbApi(system, bbb, new BbbMeetings(system, keyspace), directory,
                        new JoinLinks(tokens, httpSettings, clock), clock).route()), keyspace, settings.retention(), recordings, attendance);
        sfu.ifPresent(pool -> Recorder.follow(system, pool, recordings));
        // Attendance rows go where the journal goes: the warm-up's sandbox, whose journal is in memory, writes none.
        // Nor does it purge: the purge's journal cleanup opens a Cassandra session as it is made, which cost every
        // node's warm-up a driver's start against the real Cassandra.
        if (cassandraJournal) {
            AttendanceWriter.start(system, attendance);
            RetentionPurger.start(system, settings.retention(), new ClassRetentions(system, keyspace), attendance, recordings,
                    clock, httpSettings.askTimeout());
        }
        ServerListener binding;
        try {
            binding = ServerListener.bind(system, httpSettings.host(), httpSettings.port(), api.route())
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    // Within the phase's 5 s: the WebSockets are already closed by Drain by then.
                    .addToCoordinatedShutdown(Duration.ofSeconds(4), system);
        } catch (Exception e) {
            throw new IllegalStateException("cannot bind HTTP on " + httpSettings.host() + ":" + httpSettings.port(), e);
        }
        // The journal's read path last, when the warm-up's load no longer competes with it for the CPU.
        WarmUp.run(system, config, settings.warmUp(), metrics.registry())
                .thenCompose(done -> JournalWarmUp.run(system, metrics.registry()))
                .thenRun(() -> warmedUp.complete(null));
        return binding;
    }

    /** Documents convert on threads of their own, stopped with the node. */
    private static Documents startDocuments(ActorSystem<Void> system, DocumentSettings settings, String keyspace, Clock clock) {
        OfficeConverter office = OfficeConverter.from(system.settings().config());
        system.log().info(office.available() ? "office documents are converted with LibreOffice ({})"
                : "office documents are refused: LibreOffice ({}) is not installed or is off", office.describe());
        DocumentConverter converter = new DocumentConverter(settings, office);
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-document-conversions", () -> {
            converter.close();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        return new Documents(converter, new BlobStore(system, keyspace), new ClassDocuments(system, keyspace), clock);
    }

    /**
     * The node's SFU pool, unless media is off. An SFU may be down now or later: its client keeps
     * trying, classes placed there move to another, and go on without media when none serves.
     */
    private static Optional<SfuPool> startMedia(ActorSystem<Void> system, MediaSettings settings, ArdoiseMetrics metrics) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        SfuPool client = SfuPool.start(settings, metrics.registry());
        // After the sessions closed (Drain runs at service-requests-done), so every stream leaves on its own first.
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "close-sfu-client", () -> {
            client.close();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        return Optional.of(client);
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the node did not stop within 30 s", e);
        }
    }
}
