package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;

import app.ardoise.bench.ReconnectingClient;
import app.ardoise.cluster.support.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * Node JVMs with classes chatting through them, as the cluster tests that stop, kill and replace nodes need them:
 * each participant connects, and reconnects, to the live nodes in turn, and everything stops when the test ends.
 */
final class ChattingClasses implements AutoCloseable {
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<ReconnectingClient> clients = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private ScheduledExecutorService writers;

    /** One more participant of {@code roomId}, who joins with {@code token} on whichever node is live next. */
    void participant(String roomId, String token, String name) {
        clients.add(new ReconnectingClient(roomId, token, name, room -> nextLive().webSocket(room, token)));
    }

    /** The live nodes in turn: the load spreads, and a node that died is never picked again. */
    NodeProcess nextLive() {
        List<NodeProcess> live = nodes.stream().filter(NodeProcess::isAlive).toList();
        return live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
    }

    void joinAll() throws InterruptedException {
        clients.forEach(ReconnectingClient::connect);
        awaitTrue("every participant joined", Duration.ofSeconds(30), () -> clients.stream().allMatch(c -> c.lastSeq() > 0));
    }

    /** Every {@code period}, the {@code i}th participant says "m{i}-{n}" at the {@code n}th tick when {@code speaks(i, n)}. */
    void chatEvery(Duration period, BiPredicate<Integer, Integer> speaks) {
        writers = Executors.newScheduledThreadPool(1);
        AtomicInteger ticks = new AtomicInteger();
        writers.scheduleAtFixedRate(() -> {
            int n = ticks.getAndIncrement();
            for (int i = 0; i < clients.size(); i++) {
                if (speaks.test(i, n)) {
                    clients.get(i).chat("m" + i + "-" + n);
                }
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stopChatting() throws InterruptedException {
        writers.shutdownNow();
        writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    List<Integer> acknowledgedCounts() {
        return clients.stream().map(client -> client.acknowledged().size()).toList();
    }

    @Override
    public void close() {
        if (writers != null) {
            writers.shutdownNow();
        }
        clients.forEach(ReconnectingClient::close);
        nodes.forEach(NodeProcess::close);
    }
}
