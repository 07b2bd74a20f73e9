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
import org.apache.pekko.cluster.MemberStatus;
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
 * advertisement with it: its SFUs stop counting once it is leaving or down, and every node deletes the entry of a
 * removed member. Written locally: the replicator gossips it, and a node that joins later gets it whole.
 */
public final class SfuAdvertiser extends AbstractBehavior<SfuAdvertiser.Command> {
    private static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("ardoise-sfu-advertisements");
    /**
     * A node leaving (drained, or downed) takes its SFUs out of the pools at once: no class should be placed on an SFU
     * that is likely to go with its node.
     */
    private static final Set<MemberStatus> ADVERTISING = Set.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
            MemberStatus.up());

    sealed interface Command {}

    private record Changed(Replicator.SubscribeResponse<LWWMap<String, String>> response) implements Command {}

    private record Written(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

    private record Membership(ClusterEvent.MemberEvent event) implements Command {}

    private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator;
    private final SelfUniqueAddress self;
    private final SfuPool pool;
    /** The advertisements last seen, node to SFUs: membership changes are judged against them. */
    private Map<String, String> entries = Map.of();
    /** The members whose SFUs count, by key: from the membership events, the current ones replayed first. */
    private final Set<String> members = new HashSet<>();

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
        this.pool = pool;
        replicator.subscribe(KEY, Changed::new);
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
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
            apply();
        }
        return this;
    }

    private Behavior<Command> membership(Membership membership) {
        Member member = membership.event().member();
        String key = Advertisements.key(member.uniqueAddress());
        if (membership.event() instanceof ClusterEvent.MemberRemoved) {
            members.remove(key);
            if (entries.containsKey(key)) {
                update(map -> map.remove(self, key));
            }
        } else if (ADVERTISING.contains(member.status())) {
            members.add(key);
        } else {
            members.remove(key);
        }
        apply();
        return this;
    }

    private void apply() {
        pool.advertised(Advertisements.of(entries, members));
    }

    private void update(UnaryOperator<LWWMap<String, String>> change) {
        replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.create(), Replicator.writeLocal(), replyTo,
                change), Written::new);
    }
}
