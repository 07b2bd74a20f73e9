package app.ardoise.cluster;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A node that has just started is slow for its first seconds, while its code is still being loaded and
 * compiled: a storm of joins on such a node queued for seconds (bench/join-storm: p99 5.9 s on a node
 * just started, 0.5 s on a warm one). So before it says it is ready, a node runs its hot paths: students
 * join a class whose board a teacher fills ({@link WarmUpBoard}), so that the first Welcome with a big board
 * is not the first encoding of one, then waves of WebSockets join classes, chat and leave over loopback
 * ({@link WarmUpLoad}). They run against a sandbox node inside the same JVM ({@link WarmUpSandbox}), with an
 * in-memory journal and a cluster of its own, so that the warm-up writes nothing to Cassandra and sends
 * nothing to the other nodes; the compiled code and loaded classes it leaves behind are shared with the real
 * node. A warm-up that fails or overruns only ends early: the node becomes ready all the same.
 */
final class WarmUp {
    record Settings(int connections, Duration timeout) {
        static Settings from(Config config) {
            return new Settings(config.getInt("ardoise.warm-up.connections"),
                    config.getDuration("ardoise.warm-up.timeout"));
        }
    }

    private WarmUp() {}

    /**
     * Completes when the warm-up is over, however it ended; at once when it is off (no connections).
     * {@code ardoise_warm_up_connections} on the node's /metrics then says how many connections it ran:
     * fewer than configured when its time ran out between two waves, 0 when it failed; and
     * {@code ardoise_warm_up_board_strokes} how many strokes its board got. None of them is counted in the
     * node's other meters.
     */
    static CompletableFuture<Void> run(ActorSystem<?> node, Config config, Settings settings, MeterRegistry meters) {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger strokes = new AtomicInteger();
        Gauge.builder("ardoise_warm_up_connections", ran, AtomicInteger::get)
                .description("Connections that joined, chatted and left in the start-up warm-up's sandbox node")
                // Micrometer holds a gauge's object weakly, and nothing else keeps this one once the warm-up ends.
                .strongReference(true)
                .register(meters);
        Gauge.builder("ardoise_warm_up_board_strokes", strokes, AtomicInteger::get)
                .description("Strokes the start-up warm-up drew on a board in its sandbox node, a student joining after each batch")
                .strongReference(true)
                .register(meters);
        if (settings.connections() <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                ran.set(runLogged(node, config, settings, strokes));
            } finally {
                done.complete(null);
            }
        }, "ardoise-warm-up");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Returns how many connections joined, chatted and left: 0 when the warm-up failed. */
    private static int runLogged(ActorSystem<?> node, Config config, Settings settings, AtomicInteger board) {
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        int joined;
        long closing;
        // Closed before the node says it is ready, so that its shutdown does not compete with real joins.
        try (ArdoiseServer sandbox = WarmUpSandbox.start(config)) {
            WarmUpLoad load = new WarmUpLoad(sandbox.port(), config.getString("ardoise.auth.api-key"));
            // The board first: it is short, and a warm-up that runs out of time does so in the waves.
            board.set(new WarmUpBoard(load).run(deadline));
            joined = load.run(settings.connections(), deadline);
            closing = System.nanoTime();
        } catch (Exception e) {
            node.log().warn("warm-up cut short after {} ms ({}); the node is ready anyway",
                    (System.nanoTime() - start) / 1_000_000, e.toString());
            return 0;
        }
        long end = System.nanoTime();
        node.log().info("warm-up: a student joined after each batch of a {}-stroke board, then {} connections joined,"
                        + " chatted and left, in a sandbox node in {} ms, closed in {} ms", board.get(), joined,
                (closing - start) / 1_000_000, (end - closing) / 1_000_000);
        return joined;
    }
}
