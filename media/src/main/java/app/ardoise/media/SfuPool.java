package app.ardoise.media;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SFUs this node knows ({@code ardoise.media.sfu-target}, a list), one {@link SfuClient} each. The pool proposes
 * an SFU for a class, the least loaded of those that serve; the class's room decides and keeps the placement, so
 * that every participant of a class meets on one SFU whatever node holds their connection (media/README.md).
 *
 * <p>Thread-safe. One per node; {@link #close} on shutdown.
 */
public final class SfuPool implements AutoCloseable {

    private final Map<String, SfuClient> clients = new LinkedHashMap<>();
    private final MediaSettings settings;

    private SfuPool(MediaSettings settings, MeterRegistry registry) {
        this.settings = settings;
        MediaMetrics metrics = new MediaMetrics(registry);
        for (String target : settings.sfuTargets()) {
            clients.put(target, SfuClient.start(settings.withSfuTarget(target), metrics));
        }
    }

    /** Opens a channel to every SFU (lazily: nothing fails if one is down) and starts their health and load polls. */
    public static SfuPool start(MediaSettings settings, MeterRegistry registry) {
        return new SfuPool(settings, registry);
    }

    /** What the pool was started with: the whole list, and what every SFU of it shares (TURN, timeouts). */
    public MediaSettings settings() {
        return settings;
    }

    /** The client of the SFU at {@code target}; empty when this node's list does not name it. */
    public Optional<SfuClient> client(String target) {
        return Optional.ofNullable(clients.get(target));
    }

    /** Every SFU of the pool, in the configured order. */
    public List<SfuClient> clients() {
        return List.copyOf(clients.values());
    }

    /**
     * The SFU for a class that has none, or whose SFU ({@code avoid}, may be empty) is lost: the least loaded of those
     * that serve, else any other than {@code avoid}, else {@code avoid} itself, whose streams keep trying it. The
     * choice counts as load on that SFU until its next report, so that classes placed together spread.
     */
    public String propose(String avoid) {
        Optional<SfuClient> best = clients.values().stream()
                .filter(c -> !c.target().equals(avoid) && c.isServing())
                .min(Comparator.comparingDouble(c -> c.loadPoll().score()));
        SfuClient chosen = best.orElseGet(() -> clients.values().stream().filter(c -> !c.target().equals(avoid))
                .findFirst().orElse(clients.values().iterator().next()));
        chosen.loadPoll().placed();
        return chosen.target();
    }

    /** The SFUs that serve, least loaded first: where a class whose own SFU is full spreads. */
    public List<String> spares() {
        return clients.values().stream().filter(SfuClient::isServing)
                .sorted(Comparator.comparingDouble(c -> c.loadPoll().score())).map(SfuClient::target).toList();
    }

    /**
     * Whether the SFU at {@code target} is lost for good: this node does not know it, or it does not answer a health
     * check now. A stream broken alone (its own client too slow, say) is not a reason to move a whole class.
     */
    public CompletableFuture<Boolean> lost(String target) {
        SfuClient client = clients.get(target);
        return client == null ? CompletableFuture.completedFuture(true) : client.probe().thenApply(up -> !up);
    }

    /** Readiness: whether some SFU of the pool serves. */
    public boolean isServing() {
        return clients.values().stream().anyMatch(SfuClient::isServing);
    }

    @Override
    public void close() {
        clients.values().forEach(SfuClient::close);
    }
}
