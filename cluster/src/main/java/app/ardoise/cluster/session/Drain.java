package app.ardoise.cluster.session;

import app.ardoise.cluster.contract.RoomProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/**
 * When a node is drained (SIGTERM) it first hands its classes off to the other nodes while its
 * WebSockets stay open (their messages wait in the shard regions and reach each class where it starts
 * again); then its listener is unbound, and only then does it close every WebSocket with 4012
 * "reconnect". A client resuming on another node finds its class already running there, instead of
 * reaching it on this node just before it moves and waiting a second time; and it cannot land on
 * this node again, which no longer accepts connections.
 */
public final class Drain {
    /** Time for the close frames to leave before the HTTP server's own deadline cuts what remains. */
    private static final Duration FLUSH = Duration.ofMillis(500);
    /** Within the phase's timeout (application.conf): a hand-off that hangs must not keep clients waiting. */
    private static final Duration HAND_OFF = Duration.ofSeconds(10);

    private Drain() {}

    public static void onShutdown(ActorSystem<?> system) {
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "hand-off-classes",
                () -> handOff(system).thenApply(handedOff -> Done.getInstance()));
        // After service-unbind; alongside the HTTP server's termination, whose deadline cuts what is left.
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "close-websockets", () -> closeAll(system));
    }

    /**
     * The same graceful shutdown of the shard region that the cluster-sharding-shutdown-region phase
     * would start later, started now. Skipped when no other node is up to take the classes (the
     * sessions' re-attachments would wait in the region for a home that never comes), and when this
     * node was downed (its region has already stopped and the coordinator is out of reach).
     */
    private static CompletionStage<Boolean> handOff(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        Member self = cluster.selfMember();
        boolean othersUp = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .anyMatch(member -> !member.equals(self) && member.status() == MemberStatus.up());
        if (!othersUp || self.status() != MemberStatus.up()) {
            return CompletableFuture.completedFuture(false);
        }
        ActorRef region = ClusterSharding.get(Adapter.toClassic(system)).shardRegion(RoomProtocol.TYPE_KEY.name());
        return Patterns.gracefulStop(region, HAND_OFF, ShardRegion.gracefulShutdownInstance())
                .exceptionally(tooLong -> false);
    }

    private static CompletionStage<Done> closeAll(ActorSystem<?> system) {
        // Found by name rather than subscribed to the event stream: a subscription (its set entry, and the death
        // watch that removes it) was part of every idle connection's heap.
        Adapter.toClassic(system).actorSelection("/system/" + ClientSession.NAME_PREFIX + "*")
                .tell(new SessionEvent.Drain(), ActorRef.noSender());
        return CompletableFuture.supplyAsync(() -> Done.getInstance(),
                CompletableFuture.delayedExecutor(FLUSH.toMillis(), TimeUnit.MILLISECONDS));
    }
}
