package app.ardoise.cluster.placement;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;

/**
 * What this node's classes cost, as their rooms tell it: sessions attached and frames delivered. Read by
 * LoadReporter, which adds it up by shard for the allocation strategy. Rooms write from their own actors,
 * the reporter reads from its own: the counters are concurrent, and a room's figures are only ever its own.
 */
public final class ShardLoads implements Extension {
    private static final ExtensionId<ShardLoads> ID = new ExtensionId<>() {
        @Override
        public ShardLoads createExtension(ActorSystem<?> system) {
            return new ShardLoads(system.settings().config().getInt("pekko.cluster.sharding.number-of-shards"));
        }
    };

    /** One class's figures, held by its room while it runs here. */
    public static final class RoomLoad {
        private final String shardId;
        private final AtomicInteger sessions = new AtomicInteger();
        private final LongAdder delivered = new LongAdder();

        private RoomLoad(String shardId) {
            this.shardId = shardId;
        }

        public void sessions(int attached) {
            sessions.set(attached);
        }

        public void delivered(int frames) {
            delivered.add(frames);
        }
    }

    /** A shard's figures at one reading: sessions now, and frames delivered since the start of its classes. */
    record Reading(long sessions, long delivered) {}

    private final HashCodeMessageExtractor<Object> shards;
    private final Map<String, RoomLoad> rooms = new ConcurrentHashMap<>();
    private volatile Map<String, Long> cluster = Map.of();
    private volatile Set<String> reporting = Set.of();

    private ShardLoads(int numberOfShards) {
        // The extractor sharding itself uses for classes (the default), so that a room's shard is the one it runs in.
        this.shards = new HashCodeMessageExtractor<>(numberOfShards);
    }

    public static ShardLoads get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** The figures of a class that starts on this node; {@link #stopped} when it stops. */
    public RoomLoad started(String roomId) {
        return rooms.computeIfAbsent(roomId, id -> new RoomLoad(shards.shardId(id)));
    }

    public void stopped(String roomId) {
        rooms.remove(roomId);
    }

    /** Every shard's load in the whole cluster, as last gossiped (LoadReporter). */
    Map<String, Long> cluster() {
        return cluster;
    }

    /** What placement weighs a node holding these shards at, on the last gossiped loads. */
    public long weight(Collection<String> shardIds) {
        return Placement.weight(shardIds, cluster);
    }

    /** Whether this node (address) reports its loads, as far as gossip has told this one: placement sends it classes. */
    public boolean takesClasses(String address) {
        return reporting.contains(address);
    }

    /** The nodes (addresses) that report their loads: those that can take classes (LoadReporter). */
    Set<String> reporting() {
        return reporting;
    }

    void cluster(Map<String, Long> loads, Set<String> reportingNodes) {
        this.cluster = Map.copyOf(loads);
        this.reporting = Set.copyOf(reportingNodes);
    }

    Map<String, Reading> byShard() {
        Map<String, Reading> readings = new HashMap<>();
        rooms.values().forEach(room -> readings.merge(room.shardId,
                new Reading(room.sessions.get(), room.delivered.sum()),
                (a, b) -> new Reading(a.sessions() + b.sessions(), a.delivered() + b.delivered())));
        return readings;
    }
}
