package app.ardoise.cluster.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The classes' shard allocation strategy: Placement's decisions on the loads every node reports (ShardLoads,
 * gossiped by LoadReporter). The coordinator calls it on one node at a time, from its own actor, so the
 * cooldowns Placement keeps need no locking; a coordinator that moves to another node starts with none, which
 * costs at most one early move. Only the regions of nodes that can take classes take part
 * ({@link Placement#takingClasses}).
 */
public final class LoadAwareAllocation extends ShardCoordinator.AbstractShardAllocationStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(LoadAwareAllocation.class);
    private final ShardLoads loads;
    private final Placement<ActorRef> placement;
    private final LongSupplier nowMillis;
    /** This node's address: its own region's path has none. */
    private final Address self;

    public LoadAwareAllocation(ShardLoads loads, PlacementSettings settings, LongSupplier nowMillis, Address self) {
        this.loads = loads;
        this.placement = new Placement<>(settings);
        this.nowMillis = nowMillis;
        this.self = self;
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> allocations) {
        return Future.successful(placement.allocate(shardId, taking(allocations), loads.cluster()));
    }

    /** Logs each move with the loads it was decided on: the operator's answer to "why did this class move?". */
    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> allocations, Set<String> inProgress) {
        Map<String, Long> view = loads.cluster();
        Map<ActorRef, List<String>> lists = taking(allocations);
        Set<String> moving = placement.rebalance(lists, view, inProgress, nowMillis.getAsLong());
        if (!moving.isEmpty()) {
            LOG.info("moving shards {} by load; shards by node {}, loads by shard {}", moving, lists.values(), view);
        }
        return Future.successful(moving);
    }

    private Map<ActorRef, List<String>> taking(Map<ActorRef, IndexedSeq<String>> allocations) {
        Set<String> reporting = loads.reporting();
        return Placement.takingClasses(javaLists(allocations), region -> {
            Address address = region.path().address();
            return reporting.contains((address.hasLocalScope() ? self : address).toString());
        });
    }

    private static Map<ActorRef, List<String>> javaLists(Map<ActorRef, IndexedSeq<String>> allocations) {
        Map<ActorRef, List<String>> lists = new HashMap<>();
        allocations.forEach((region, shards) -> lists.put(region, new ArrayList<>(CollectionConverters.asJava(shards))));
        return lists;
    }
}
