package app.ardoise.cluster.attendance;

import app.ardoise.cluster.contract.AttendanceClosed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Writes each session a class of this node closes (AttendanceClosed, on the node's event stream) to its table. A
 * write that fails is logged, and that session's attendance is then only in the journal's events, until they are
 * purged.
 */
public final class AttendanceWriter {
    private AttendanceWriter() {
    }

    public static void start(ActorSystem<?> system, AttendanceStore store) {
        system.systemActorOf(behavior(store), "attendance-writer", Props.empty());
    }

    private static Behavior<AttendanceClosed> behavior(AttendanceStore store) {
        return Behaviors.setup(context -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(AttendanceClosed.class, context.getSelf()));
            return Behaviors.receiveMessage(closed -> {
                store.save(closed.roomId(), closed.session()).whenComplete((done, failure) -> {
                    if (failure != null) {
                        context.getSystem().log().warn("attendance: class {}'s session of {} was not written",
                                closed.roomId(), closed.session().getStartedAtMs(), failure);
                    }
                });
                return Behaviors.same();
            });
        });
    }
}
