package app.ardoise.cluster.retention;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.recordings.ClassRecordings;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs retention's purge (RetentionPurge) every {@code purge-every}, on one node of the cluster: a cluster
 * singleton, so that two nodes never purge the same class at once, and the pass moves to another node when its
 * node leaves. A pass that is still running when the next is due makes that one wait for the next interval.
 */
public final class RetentionPurger {
    /** The singleton's messages: each tick starts a pass unless one runs; the pass reports how it ended. */
    sealed interface Message {
    }

    private enum Tick implements Message { INSTANCE }

    private record Finished(RetentionPurge.Outcome outcome, Throwable failure) implements Message {
    }

    private RetentionPurger() {
    }

    public static void start(ActorSystem<?> system, RetentionSettings settings, ClassRetentions retentions,
                             AttendanceStore attendance, ClassRecordings recordings, Clock clock, Duration askTimeout) {
        ClusterSingleton.get(system).init(SingletonActor.of(
                Behaviors.supervise(behavior(settings, retentions, attendance, recordings, clock, askTimeout))
                        .onFailure(SupervisorStrategy.restart()),
                "retention-purge"));
    }

    private static Behavior<Message> behavior(RetentionSettings settings, ClassRetentions retentions, AttendanceStore attendance,
                                              ClassRecordings recordings, Clock clock, Duration askTimeout) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.purgeEvery());
            RetentionPurge purge = new RetentionPurge(context.getSystem(), settings, retentions, attendance, recordings, clock,
                    askTimeout);
            return idle(context, purge);
        }));
    }

    private static Behavior<Message> idle(ActorContext<Message> context, RetentionPurge purge) {
        return Behaviors.receive(Message.class)
                .onMessageEquals(Tick.INSTANCE, () -> {
                    context.pipeToSelf(purge.run(), Finished::new);
                    return running(context, purge);
                })
                .build();
    }

    private static Behavior<Message> running(ActorContext<Message> context, RetentionPurge purge) {
        return Behaviors.receive(Message.class)
                .onMessageEquals(Tick.INSTANCE, Behaviors::same)
                .onMessage(Finished.class, finished -> {
                    if (finished.failure() != null) {
                        context.getLog().warn("retention: the purge failed, it runs again at the next interval", finished.failure());
                    } else {
                        if (finished.outcome().classes() > 0) {
                            context.getLog().info("retention: purged {} events of {} classes", finished.outcome().events(),
                                    finished.outcome().classes());
                        }
                        if (finished.outcome().sessions() > 0) {
                            context.getLog().info("retention: purged the attendance of {} class sessions", finished.outcome().sessions());
                        }
                        if (finished.outcome().recordings() > 0) {
                            context.getLog().info("retention: purged {} recordings", finished.outcome().recordings());
                        }
                    }
                    return idle(context, purge);
                })
                .build();
    }
}
