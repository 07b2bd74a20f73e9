package app.ardoise.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * What a node learns of the cluster, as meters: the shards its region holds, its membership, and the
 * drains (a member leaving) and downings it saw. A drained or downed node cannot report its own end,
 * so the others count it: on a dashboard, every node's counter moves when one goes.
 */
public final class ClusterMeters {
    /** The region is asked, its state living inside the actor: a local question, often enough for alerts. */
    private static final Duration SHARDS_REFRESH = Duration.ofSeconds(5);

    private ClusterMeters() {}

    /** @param shardState sharding's query endpoint, asked about this node's region of {@code classes} */
    public static void start(ActorSystem<?> system, ActorRef<ClusterShardingQuery> shardState, EntityTypeKey<?> classes,
                             MeterRegistry registry) {
        AtomicInteger shards = new AtomicInteger();
        Gauge.builder("ardoise_shards", shards, AtomicInteger::get)
                .description("Shards of classes held by this node's region (refreshed every 5 s)")
                .register(registry);
        system.scheduler().scheduleAtFixedRate(Duration.ZERO, SHARDS_REFRESH, () ->
                AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(shardState,
                                replyTo -> new GetShardRegionState(classes, replyTo), SHARDS_REFRESH, system.scheduler())
                        .thenAccept(state -> shards.set(state.getShards().size())),
                system.executionContext());

        Cluster cluster = Cluster.get(system);
        Gauge.builder("ardoise_member_up", cluster, c -> c.selfMember().status() == MemberStatus.up() ? 1 : 0)
                .description("1 while this node is an Up member of the cluster")
                .register(registry);
        Gauge.builder("ardoise_members_unreachable", cluster, c -> c.state().getUnreachable().size())
                .description("Members this node cannot reach now")
                .register(registry);
        Gauge.builder("ardoise_members_up", cluster, c -> StreamSupport.stream(c.state().getMembers().spliterator(), false)
                        .filter(member -> member.status() == MemberStatus.up()).count())
                .description("Members this node sees Up")
                .register(registry);

        Counter leaving = changes(registry, "leaving");
        Counter downed = changes(registry, "downed");
        Counter removed = changes(registry, "removed");
        Behavior<ClusterEvent.MemberEvent> counting = Behaviors.receiveMessage(event -> {
            if (event instanceof ClusterEvent.MemberLeft) {
                leaving.increment();
            } else if (event instanceof ClusterEvent.MemberDowned) {
                downed.increment();
            } else if (event instanceof ClusterEvent.MemberRemoved) {
                removed.increment();
            }
            return Behaviors.same();
        });
        var counter = system.systemActorOf(counting, "member-change-meter", Props.empty());
        cluster.subscriptions().tell(Subscribe.create(counter, ClusterEvent.MemberEvent.class));
    }

    private static Counter changes(MeterRegistry registry, String change) {
        return Counter.builder("ardoise_member_changes")
                .description("Members this node saw start leaving (a drain), downed (killed or cut off), removed")
                .tag("change", change)
                .register(registry);
    }
}
