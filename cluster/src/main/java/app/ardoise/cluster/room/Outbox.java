package app.ardoise.cluster.room;

import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * How a class reaches its sessions. One on the class's own node is told directly; one on another node through
 * that node's relay (ToNode), so that a write for 300 students on 10 nodes is 9 remote messages, not 270.
 * <p>
 * Every message for a session of another node goes through its relay, even one for that session alone: Pekko
 * keeps the order of messages between two actors, so one path keeps a session's messages in the order the class
 * sent them, where a direct tell beside a relayed one could overtake it (a Welcome behind the events after it).
 */
final class Outbox {
    private final Address here;
    private final ActorRefResolver resolver;
    /** Off only while a cluster rolls from a version without relays: every message is then a direct tell. */
    private final boolean byNode;
    private final Map<Address, ActorRef<ToNode>> relays = new HashMap<>();

    Outbox(Address here, ActorRefResolver resolver, boolean byNode) {
        this.here = here;
        this.resolver = resolver;
        this.byNode = byNode;
    }

    void tell(ActorRef<ToSession> session, ToSession message) {
        Address node = session.path().address();
        if (direct(node)) {
            session.tell(message);
        } else {
            relayOn(node).tell(new ToNode.FanOut(List.of(new ToNode.Share(message, List.of(session)))));
        }
    }

    /** For a message to many sessions at once: {@link Batch#send} sends it, one FanOut per other node. */
    Batch batch() {
        return new Batch();
    }

    private boolean direct(Address node) {
        return !byNode || node.hasLocalScope() || node.equals(here);
    }

    private ActorRef<ToNode> relayOn(Address node) {
        return relays.computeIfAbsent(node, address -> resolver.resolveActorRef(address + "/system/" + ToNode.RELAY));
    }

    /** The messages of one broadcast, gathered by node. Sent before the class tells any session anything else. */
    final class Batch {
        private final Map<Address, Map<ToSession, List<ActorRef<ToSession>>>> sharesByNode = new LinkedHashMap<>();
        private final Set<ActorRef<ToSession>> held = new HashSet<>();

        void add(ActorRef<ToSession> session, ToSession message) {
            Address node = session.path().address();
            if (direct(node)) {
                session.tell(message);
                return;
            }
            if (!held.add(session)) {
                // A second message for the same session goes in the next FanOut, after the first.
                send();
                held.add(session);
            }
            // By identity: the class shares one message object among the sessions that see the same.
            sharesByNode.computeIfAbsent(node, address -> new IdentityHashMap<>())
                    .computeIfAbsent(message, shared -> new ArrayList<>()).add(session);
        }

        void send() {
            sharesByNode.forEach((node, shares) -> relayOn(node).tell(new ToNode.FanOut(shares.entrySet().stream()
                    .map(share -> new ToNode.Share(share.getKey(), share.getValue())).toList())));
            sharesByNode.clear();
            held.clear();
        }
    }
}
