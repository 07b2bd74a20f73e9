package app.ardoise.cluster.sfus;

import app.ardoise.media.SfuPool;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * SFUs found through the cluster (media/README.md, "The SFU pool"): each node advertises the SFUs it was given
 * ({@code ardoise.media.sfu-advertise}, the addresses the other nodes reach them at) under its own key in distributed
 * data, and every node's pool is its own list plus what the cluster's members advertise. A node that leaves takes its
 * advertisement with it: every node deletes the entry of a removed member, and an entry of a node that is no longer a
 * member never counts meanwhile. Written locally: the replicator gossips it, and a node that joins later gets it whole.
 */
public final class SfuAdvertiser extends AbstractBehavior<SfuAdvertiser.Command> {
    private static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("ardoise-sfu-advertisements");

    sealed interface Command {}

    private record Changed(Replicator.SubscribeResponse<LWWMap<String, String>> response) implements Command {}

    private record Written(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

    private record Membership(ClusterEvent.MemberEvent event) implements Command {}

    private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator;
    private final SelfUniqueAddress self;
    private final Cluster cluster;
    private final SfuPool pool;
    /** The advertisements last seen, node to SFUs: membership changes are judged against them. */
    private Map<String, String> entries = Map.of();

    /** Advertises {@code own} (may be empty: the node only listens) and keeps {@code pool} up to date. */
    public static void start(ActorSystem<?> system, SfuPool pool, List<String> own) {
        system.systemActorOf(Behaviors.<Command>setup(context ->
                DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(replicator ->
                        new SfuAdvertiser(context, replicator, pool, own))), "sfu-advertiser", Props.empty());
    }

    private SfuAdvertiser(ActorContext<Command> context, ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator,
                          SfuPool pool, List<String> own) {
        super(context);
        this.replicator = replicator;
        this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
        this.cluster = Cluster.get(context.getSystem());
        this.pool = pool;
        replicator.subscribe(KEY, Changed::new);
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new), ClusterEvent.MemberEvent.class));
        if (!own.isEmpty()) {
            String key = Advertisements.key(self.uniqueAddress());
            String value = Advertisements.value(own);
            update(map -> map.put(self, key, value));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Changed.class, this::changed)
                .onMessage(Membership.class, this::membership)
                .onMessage(Written.class, written -> this)
                .build();
    }

    private Behavior<Command> changed(Changed changed) {
        if (changed.response() instanceof Replicator.Changed<LWWMap<String, String>> value) {
            entries = Map.copyOf(value.get(KEY).getEntries());
            apply(Set.of());
        }
        return this;
    }

    private Behavior<Command> membership(Membership membership) {
        if (membership.event() instanceof ClusterEvent.MemberRemoved removed) {
            String gone = Advertisements.key(removed.member().uniqueAddress());
            if (entries.containsKey(gone)) {
                update(map -> map.remove(self, gone));
            }
            // The cluster's state may still list it while its event is being published.
            apply(Set.of(gone));
        } else {
            apply(Set.of());
        }
        return this;
    }

    private void apply(Set<String> gone) {
        Set<String> members = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            members.add(Advertisements.key(member.uniqueAddress()));
        }
        members.removeAll(gone);
        pool.advertised(Advertisements.of(entries, members));
    }

    private void update(UnaryOperator<LWWMap<String, String>> change) {
        replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.create(), Replicator.writeLocal(), replyTo,
                change), Written::new);
    }
}
