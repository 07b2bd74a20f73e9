package app.ardoise.cluster.sfus;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * The SFUs the nodes advertise, as distributed data holds them: one entry per node incarnation (its address and
 * uid, so that a node restarted on the same address is not taken for the one that left), the node's SFUs joined by
 * commas.
 */
final class Advertisements {
    private Advertisements() {}

    static String key(UniqueAddress node) {
        return node.address() + "#" + node.longUid();
    }

    static String value(Collection<String> targets) {
        return String.join(",", targets);
    }

    /** Every SFU advertised by a node still in the cluster: an entry of a node gone is stale, whatever the gossip says. */
    static Set<String> of(Map<String, String> entries, Set<String> memberKeys) {
        Set<String> targets = new TreeSet<>();
        entries.forEach((node, advertised) -> {
            if (memberKeys.contains(node)) {
                Arrays.stream(advertised.split(",")).filter(t -> !t.isEmpty()).forEach(targets::add);
            }
        });
        return targets;
    }
}
