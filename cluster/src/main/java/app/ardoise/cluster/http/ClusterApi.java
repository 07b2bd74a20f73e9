package app.ardoise.cluster.http;

import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.placement.ShardLoads;
import app.ardoise.protocol.v1.ClusterMember;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.SfuState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.RootActorPath;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;

/**
 * {@code GET /api/v1/cluster} (API key): the members as this node sees them, and for every node its
 * shards, the classes it runs, from the sharding coordinator's view, what placement by load weighs it at and
 * whether placement sends classes there yet; and the SFU pool with each SFU's load and the
 * classes placed there, as this node sees it.
 */
final class ClusterApi extends AllDirectives {
    private final ActorSystem<?> system;
    private final ApiKey apiKey;
    private final Duration timeout;
    private final Supplier<List<SfuState>> sfus;

    ClusterApi(ActorSystem<?> system, ApiKey apiKey, Duration timeout, Supplier<List<SfuState>> sfus) {
        this.system = system;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.sfus = sfus;
    }

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("cluster"), () -> get(() -> apiKey.required(() ->
                onSuccess(describe(), response -> complete(HttpResponse.create().withEntity(JsonBodies.render(response)))))));
    }

    private CompletionStage<ClusterResponse> describe() {
        Cluster cluster = Cluster.get(system);
        ClusterResponse.Builder response = ClusterResponse.newBuilder()
                .setSelf(cluster.selfMember().address().toString())
                .addAllSfus(sfus.get());
        var state = cluster.state();
        var unreachable = state.getUnreachable();
        StreamSupport.stream(state.getMembers().spliterator(), false)
                .sorted(Comparator.comparing(member -> member.address().toString()))
                .forEach(member -> response.addMembers(member(member, !unreachable.contains(member))));
        return AskPattern.<ClusterShardingQuery,
                        ShardRegion.ClusterShardingStats>ask(
                        ClusterSharding.get(system).shardState(),
                        replyTo -> new GetClusterShardingStats(RoomProtocol.TYPE_KEY, timeout, replyTo),
                        timeout.plusSeconds(1), system.scheduler())
                .thenCompose(stats -> {
                    List<CompletableFuture<NodeClasses>> nodes = new ArrayList<>();
                    ShardLoads loads = ShardLoads.get(system);
                    stats.getRegions().forEach((address, region) -> nodes.add(classesAt(address, region.getStats().size())
                            .thenApply(node -> node.toBuilder().setLoad((int) loads.weight(region.getStats().keySet()))
                                    .setTakesClasses(loads.takesClasses(address.toString())).build())
                            .toCompletableFuture()));
                    return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).thenApply(done -> {
                        nodes.stream().map(CompletableFuture::join)
                                .sorted(Comparator.comparing(NodeClasses::getAddress))
                                .forEach(response::addNodes);
                        return response.build();
                    });
                });
    }

    /** The classes a node runs, from its own shard region; a region that does not answer shows none. */
    private CompletionStage<NodeClasses> classesAt(Address address, int shardCount) {
        NodeClasses.Builder node = NodeClasses.newBuilder().setAddress(address.toString()).setShardCount(shardCount);
        ActorSelection region = Adapter.toClassic(system).actorSelection(
                RootActorPath.apply(address, "/").child("system").child("sharding").child(RoomProtocol.TYPE_KEY.name()));
        return Patterns.ask(region, ShardRegion.getShardRegionStateInstance(), timeout)
                .thenApply(reply -> {
                    var shards = ((ShardRegion.CurrentShardRegionState) reply).getShards();
                    shards.stream().flatMap(shard -> shard.getEntityIds().stream()).sorted().forEach(node::addClasses);
                    return node.setClassCount(node.getClassesCount()).build();
                })
                .exceptionally(failure -> node.build());
    }

    private static ClusterMember member(Member member, boolean reachable) {
        return ClusterMember.newBuilder()
                .setAddress(member.address().toString())
                .setStatus(member.status().toString())
                .setReachable(reachable)
                .addAllRoles(member.getRoles())
                .build();
    }
}
