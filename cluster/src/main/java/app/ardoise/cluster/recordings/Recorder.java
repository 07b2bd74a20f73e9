package app.ardoise.cluster.recordings;

import app.ardoise.cluster.contract.RecordingNotice;
import app.ardoise.media.RecordedFile;
import app.ardoise.media.RecorderClient;
import app.ardoise.media.SfuClient;
import app.ardoise.media.SfuPool;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the SFU's recorder from the classes of this node (RecordingNotice) and stores each recording when it
 * stops: every file fetched from the SFU becomes a blob of the class and a row of its index, then the SFU forgets
 * it. A class's notices are carried out one after the other, in the order the class wrote them, on the recorder of
 * the SFU each names: the class's SFU of the moment. A class whose media is not placed yet has nothing to record.
 */
public final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final SfuPool pool;
    private final ClassRecordings recordings;
    /** The last call chained for each class; a class's calls run in order. */
    private final Map<String, CompletionStage<Void>> tails = new ConcurrentHashMap<>();

    private Recorder(SfuPool pool, ClassRecordings recordings) {
        this.pool = pool;
        this.recordings = recordings;
    }

    public static void follow(ActorSystem<?> system, SfuPool pool, ClassRecordings recordings) {
        Recorder recorder = new Recorder(pool, recordings);
        system.systemActorOf(recorder.listener(), "recordings", Props.empty());
    }

    private Behavior<RecordingNotice> listener() {
        return Behaviors.setup(context -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(RecordingNotice.class, context.getSelf()));
            return Behaviors.receiveMessage(notice -> {
                CompletionStage<Void> tail = tails.getOrDefault(notice.roomId(), CompletableFuture.completedFuture(null));
                CompletionStage<Void> next = tail.thenCompose(previous -> carryOut(notice)).exceptionally(failure -> {
                    LOG.warn("class {}: recording {} could not be {}: {}", notice.roomId(), notice.recordingId(),
                            notice instanceof RecordingNotice.Record ? "started" : "stored", failure.toString());
                    return null;
                });
                tails.put(notice.roomId(), next);
                // Only classes with a call in flight stay in the map; a later notice chained on the removed
                // stage, already complete, runs at once.
                next.thenRun(() -> tails.remove(notice.roomId(), next));
                return Behaviors.same();
            });
        });
    }

    private CompletionStage<Void> carryOut(RecordingNotice notice) {
        if (notice.sfu().isEmpty()) {
            return CompletableFuture.completedFuture(null); // nobody in media yet: the notice comes again once placed
        }
        RecorderClient sfu = pool.client(notice.sfu()).map(SfuClient::recorder).orElse(null);
        if (sfu == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("SFU " + notice.sfu() + " is not in this node's list"));
        }
        if (notice instanceof RecordingNotice.Record on) {
            return sfu.start(on.roomId(), on.recordingId(), on.teacherIds());
        }
        RecordingNotice.Stop stop = (RecordingNotice.Stop) notice;
        return sfu.stop(stop.roomId(), stop.recordingId()).thenCompose(files -> {
            CompletionStage<Void> done = CompletableFuture.completedFuture(null);
            for (RecordedFile file : files) {
                done = done.thenCompose(previous -> stop.keep() ? store(sfu, stop.roomId(), file) : sfu.discard(file.fileId()));
            }
            return done;
        });
    }

    private CompletionStage<Void> store(RecorderClient sfu, String roomId, RecordedFile file) {
        return sfu.fetch(file.fileId())
                .thenCompose(ogg -> recordings.store(roomId, file.fileId(), file.participant(),
                        Instant.ofEpochMilli(file.startedAtMs()), Instant.ofEpochMilli(file.endedAtMs()), ogg))
                .thenCompose(stored -> {
                    LOG.info("class {}: stored recording {} ({} bytes, {} ms)", roomId, stored.recordingId(), stored.bytes(),
                            file.durationMs());
                    return sfu.discard(file.fileId());
                });
    }
}
