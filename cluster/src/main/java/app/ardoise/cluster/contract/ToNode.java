package app.ardoise.cluster.contract;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a class sends the sessions of another node, in one remote message for them all: that node's relay (a system
 * actor named {@link #RELAY}) tells each session its share. The class decides who gets what; the relay only delivers.
 */
public sealed interface ToNode extends ClusterMessage {
    /** The relay's name among its node's system actors: a class finds it by path, with no registration to wait for. */
    String RELAY = "session-fan-out";

    /**
     * Shares in the order the class made them. A session is in one share at most: a class with two messages for one
     * session sends two FanOuts, which travel in order like any two messages between the same two actors.
     */
    record FanOut(List<Share> shares) implements ToNode {
        public FanOut {
            shares = List.copyOf(shares);
        }
    }

    /** One message, encoded once, for every session of the node that gets it. */
    record Share(ToSession message, List<ActorRef<ToSession>> sessions) {
        public Share {
            sessions = List.copyOf(sessions);
        }
    }
}
