package app.ardoise.cluster.placement;

import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's shard loads as the strategy reads them. A shard that is moving is briefly in no node's report:
 * its old node stopped it, its new node's report has not arrived yet. Read as empty, its new node would look
 * light and draw other shards onto it. So a shard keeps its last known load until it has been missing for
 * {@code memoryMillis}.
 */
final class LoadView {
    private record Known(long load, long atMillis) {}

    private final long memoryMillis;
    private final Map<String, Known> known = new HashMap<>();

    LoadView(long memoryMillis) {
        this.memoryMillis = memoryMillis;
    }

    Map<String, Long> update(Map<String, Long> reported, long nowMillis) {
        reported.forEach((shard, load) -> known.put(shard, new Known(load, nowMillis)));
        known.values().removeIf(entry -> nowMillis - entry.atMillis() > memoryMillis);
        Map<String, Long> view = new HashMap<>();
        known.forEach((shard, entry) -> view.put(shard, entry.load()));
        return view;
    }
}
