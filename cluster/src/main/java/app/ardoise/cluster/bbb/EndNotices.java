package app.ardoise.cluster.bbb;

import app.ardoise.cluster.contract.ClassEndedNotice;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a meeting's end callback whenever its class ends, whatever ended it (the API's end, its duration, a
 * teacher inside, the REST API): the class tells its own node, once per end, and this node, where the API is on,
 * finds whether the API made that class. Every node runs the API alike, so wherever the class lives, one listens.
 */
final class EndNotices {
    private static final Logger LOG = LoggerFactory.getLogger(EndNotices.class);

    private EndNotices() {}

    static void follow(ActorSystem<?> system, BbbMeetings meetings, EndCallback callback) {
        system.systemActorOf(listener(meetings, callback), "bbb-class-ends", Props.empty());
    }

    private static Behavior<ClassEndedNotice> listener(BbbMeetings meetings, EndCallback callback) {
        return Behaviors.setup(context -> {
            context.getSystem().eventStream().tell(new EventStream.Subscribe<>(ClassEndedNotice.class, context.getSelf()));
            return Behaviors.receiveMessage(notice -> {
                meetings.ofClass(notice.roomId()).whenComplete((meeting, failure) -> {
                    if (failure != null) {
                        LOG.warn("the end callback of class {} was not called: {}",
                                notice.roomId(), failure.toString());
                    } else {
                        meeting.ifPresent(callback::ended);
                    }
                });
                return Behaviors.same();
            });
        });
    }
}
