package app.ardoise.media;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists of SFU addresses: a setting's {@code host:port,host:port}, and the pool a node drives, its own list plus the
 * SFUs the other nodes of the cluster advertise (media/README.md, "The SFU pool").
 */
public final class SfuTargets {
    private SfuTargets() {}

    /**
     * Every host:port of a comma-separated setting, in the order given, each once; an entry that is not host:port is
     * refused naming {@code setting}, so that a typo stops the node rather than send classes nowhere.
     */
    public static List<String> parse(String list, String setting) {
        List<String> targets = Arrays.stream(list.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct()
                .toList();
        targets.forEach(target -> requireHostPort(target, setting));
        return targets;
    }

    /**
     * The pool: the node's own list first, in its order (its first SFU stays the default of a pool of one), then the
     * advertised ones it lacks, sorted, so that every node lists a cluster's SFUs alike.
     */
    public static List<String> merge(List<String> configured, Collection<String> advertised) {
        Set<String> pool = new LinkedHashSet<>(configured);
        advertised.stream().sorted().forEach(pool::add);
        return List.copyOf(pool);
    }

    private static void requireHostPort(String target, String setting) {
        int colon = target.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException notANumber) {
                port = -1;
            }
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(setting + ": \"" + target + "\" is not host:port");
        }
    }
}
