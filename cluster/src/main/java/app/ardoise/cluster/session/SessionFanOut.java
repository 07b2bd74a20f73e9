package app.ardoise.cluster.session;

import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's relay for classes running elsewhere: one remote message per write, then a local tell to each session
 * of this node that the class chose. It decides nothing and keeps nothing, so one per node is all it takes, and it
 * never stops: a session gone by now is told like any stopped actor, and its message goes to dead letters.
 */
public final class SessionFanOut {
    private SessionFanOut() {}

    public static Behavior<ToNode> create() {
        return Behaviors.receive(ToNode.class)
                .onMessage(ToNode.FanOut.class, fanOut -> {
                    for (ToNode.Share share : fanOut.shares()) {
                        for (ActorRef<ToSession> session : share.sessions()) {
                            session.tell(share.message());
                        }
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
