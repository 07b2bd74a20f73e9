package app.ardoise.cluster.retention;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.recordings.ClassRecordings;
import app.ardoise.protocol.v1.RoomEvent;
import com.typesafe.config.ConfigValueFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.cassandra.cleanup.Cleanup;
import org.apache.pekko.persistence.cassandra.cleanup.CleanupSettings;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import scala.jdk.javaapi.FutureConverters;

/**
 * One pass of retention over every class in the journal. For each class whose oldest events are older than the
 * retention: the room forgets the chat written before the cutoff and takes a snapshot (RoomCommand.Purge), then
 * the journal's events up to the last one before the cutoff are deleted, and the snapshots older than the new
 * one, which still hold that chat. The class opens from the new snapshot as it was.
 */
final class RetentionPurge {
    /** What one pass removed, for the log. */
    record Outcome(int classes, long events, int sessions, int recordings) {
        Outcome plus(Outcome other) {
            return new Outcome(classes + other.classes, events + other.events, sessions + other.sessions,
                    recordings + other.recordings);
        }
    }

    private static final String PREFIX = RoomProtocol.TYPE_KEY.name() + PersistenceId.DefaultSeparator();

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final RetentionSettings settings;
    private final Clock clock;
    private final Cleanup cleanup;
    private final Duration askTimeout;
    private final ClassRetentions retentions;
    private final AttendanceStore attendance;
    private final ClassRecordings recordings;

    RetentionPurge(ActorSystem<?> system, RetentionSettings settings, ClassRetentions retentions, AttendanceStore attendance,
                   ClassRecordings recordings,
                   Clock clock, Duration askTimeout) {
        this.system = system;
        this.attendance = attendance;
        this.retentions = retentions;
        this.recordings = recordings;
        this.sharding = ClusterSharding.get(system);
        this.settings = settings;
        this.clock = clock;
        this.askTimeout = askTimeout;
        // Cleanup only logs what it would delete unless told otherwise (dry-run is on in its reference.conf).
        this.cleanup = new Cleanup(system, new CleanupSettings(system.settings().config()
                .getConfig("pekko.persistence.cassandra.cleanup")
                .withValue("dry-run", ConfigValueFactory.fromAnyRef(false))));
    }

    /**
     * Classes one after the other: a pass is background work and must not crowd out the classes running. A class's
     * own retentions (ClassRetentions) apply when shorter than the deployment's. Recordings that ended longer ago
     * than their class keeps them go first, with their files.
     */
    CompletionStage<Outcome> run() {
        long now = clock.millis();
        return retentions.all().thenCompose(own -> recordings.purgeEndedBefore(roomId -> Instant.ofEpochMilli(
                        now - OwnRetention.shorter(own.getOrDefault(roomId, OwnRetention.DEPLOYMENT).recordings(),
                                settings.recordings()).toMillis()))
                .thenCompose(purged -> {
                    if (purged > 0) {
                        system.log().info("retention: {} recordings deleted", purged);
                    }
                    return events(now, own).thenApply(outcome -> outcome.plus(new Outcome(0, 0, 0, purged)));
                }));
    }

    private CompletionStage<Outcome> events(long now, Map<String, OwnRetention> own) {
        return journal().currentPersistenceIds()
                .filter(id -> id.startsWith(PREFIX))
                .mapAsync(1, id -> {
                    OwnRetention kept = own.getOrDefault(id.substring(PREFIX.length()), OwnRetention.DEPLOYMENT);
                    long cutoff = now - OwnRetention.shorter(kept.events(), settings.events()).toMillis();
                    return purge(id, cutoff).toCompletableFuture();
                })
                .runWith(Sink.fold(new Outcome(0, 0, 0, 0), Outcome::plus), system)
                .thenCompose(events -> attendance(now, own).thenApply(events::plus));
    }

    /**
     * The sessions that ended longer ago than their class keeps its attendance, every class's, whatever its events'
     * retention: the open session of a class is in its state, and goes with the class.
     */
    private CompletionStage<Outcome> attendance(long now, Map<String, OwnRetention> own) {
        return attendance.all().thenCompose(stored -> {
            List<AttendanceStore.Stored> gone = stored.stream().filter(session -> session.endedAtMs() < now - OwnRetention.shorter(
                    own.getOrDefault(session.roomId(), OwnRetention.DEPLOYMENT).attendance(), settings.attendance()).toMillis())
                    .toList();
            gone.forEach(session -> system.log().info("retention: class {} lost the attendance of its session of {} (ended {})",
                    session.roomId(), Instant.ofEpochMilli(session.startedAtMs()), Instant.ofEpochMilli(session.endedAtMs())));
            return attendance.deleteAll(gone).thenApply(done -> new Outcome(0, 0, gone.size(), 0));
        });
    }

    /** The events written before the cutoff (by the room's own clock, the event's time), then what goes. */
    private CompletionStage<Outcome> purge(String persistenceId, long cutoff) {
        return journal().currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
                .takeWhile(envelope -> ((RoomEvent) envelope.event()).getTimeMs() < cutoff)
                .runWith(Sink.fold(new long[] {0, 0}, (found, envelope) -> new long[] {found[0] + 1, envelope.sequenceNr()}), system)
                .thenCompose(found -> found[0] == 0
                        ? CompletableFuture.completedFuture(new Outcome(0, 0, 0, 0))
                        : purge(persistenceId, cutoff, found[1]).thenApply(done -> {
                            system.log().info("retention: class {} lost its {} events written before {} (up to seq {})",
                                    persistenceId.substring(PREFIX.length()), found[0], Instant.ofEpochMilli(cutoff), found[1]);
                            return new Outcome(1, found[0], 0, 0);
                        }));
    }

    private CompletionStage<?> purge(String persistenceId, long cutoff, long upTo) {
        String roomId = persistenceId.substring(PREFIX.length());
        return sharding.entityRefFor(RoomProtocol.TYPE_KEY, roomId)
                .<RoomInfo>ask(replyTo -> new RoomCommand.Purge(cutoff, replyTo), askTimeout)
                .thenCompose(snapshotted -> FutureConverters.asJava(cleanup.deleteEventsTo(persistenceId, upTo)))
                .thenCompose(deleted -> FutureConverters.asJava(cleanup.deleteBeforeSnapshot(persistenceId, 1)));
    }

    private CassandraReadJournal journal() {
        return PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    }
}
