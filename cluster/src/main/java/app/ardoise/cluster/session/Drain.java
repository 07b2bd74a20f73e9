package app.ardoise.cluster.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;

/**
 * When a node is drained (SIGTERM), every WebSocket it holds closes with 4012 "reconnect" right after
 * the listener is unbound, before the rooms hand off: the clients resume on another node while this
 * one hands its classes over, instead of seeing their connection cut.
 */
public final class Drain {
    /** Time for the close frames to leave before the HTTP server's own deadline cuts what remains. */
    private static final Duration FLUSH = Duration.ofMillis(500);

    private Drain() {}

    public static void onShutdown(ActorSystem<?> system) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "close-websockets",
                () -> closeAll(system));
    }

    private static CompletionStage<Done> closeAll(ActorSystem<?> system) {
        system.eventStream().tell(new EventStream.Publish<>(new SessionMessage.Drain()));
        return CompletableFuture.supplyAsync(() -> Done.getInstance(),
                CompletableFuture.delayedExecutor(FLUSH.toMillis(), TimeUnit.MILLISECONDS));
    }
}
