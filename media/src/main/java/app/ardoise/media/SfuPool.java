package app.ardoise.media;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SFUs this node knows, one {@link SfuClient} each: its own list ({@code ardoise.media.sfu-target}) and those the
 * cluster's nodes advertise ({@link #advertised}). The pool proposes an SFU for a class, the least loaded of those
 * that serve; the class's room decides and keeps the placement, so that every participant of a class meets on one
 * SFU whatever node holds their connection (media/README.md).
 *
 * <p>Thread-safe. One per node; {@link #close} on shutdown.
 */
public final class SfuPool implements AutoCloseable {

    /** The pool in its order; replaced whole when the advertised SFUs change, so that readers need no lock. */
    private volatile Map<String, SfuClient> clients;
    /** SFUs no longer advertised whose clients stay open while participants' streams still use them. */
    private final Map<String, SfuClient> retired = new ConcurrentHashMap<>();
    private final MediaSettings settings;
    private final MediaMetrics metrics;
    /** Guarded by this: a pool closed with its node takes no SFU any more. */
    private boolean closed;

    private SfuPool(MediaSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new MediaMetrics(registry);
        Map<String, SfuClient> configured = new LinkedHashMap<>();
        for (String target : settings.sfuTargets()) {
            configured.put(target, SfuClient.start(settings.withSfuTarget(target), metrics));
        }
        this.clients = configured;
    }

    /** Opens a channel to every SFU (lazily: nothing fails if one is down) and starts their health and load polls. */
    public static SfuPool start(MediaSettings settings, MeterRegistry registry) {
        return new SfuPool(settings, registry);
    }

    /** What the pool was started with: the whole list, and what every SFU of it shares (TURN, timeouts). */
    public MediaSettings settings() {
        return settings;
    }

    /**
     * The pool becomes this node's own list plus {@code targets}, every SFU the cluster's nodes advertise now: a new
     * one gets a client, and one no longer advertised leaves the pool (no class is placed there any more) and closes
     * once its last participant's stream has ended.
     */
    public synchronized void advertised(Collection<String> targets) {
        if (closed) {
            return;
        }
        Map<String, SfuClient> next = new LinkedHashMap<>();
        for (String target : SfuTargets.merge(settings.sfuTargets(), targets)) {
            SfuClient kept = clients.get(target);
            if (kept == null) {
                kept = retired.remove(target);
            }
            next.put(target, kept != null && kept.keep() ? kept : SfuClient.start(settings.withSfuTarget(target), metrics));
        }
        clients.forEach((target, client) -> {
            if (!next.containsKey(target)) {
                retired.put(target, client);
                client.retire(() -> retired.remove(target, client));
            }
        });
        clients = next;
    }

    /** The client of the SFU at {@code target}; empty when the pool does not name it, nor any stream still uses it. */
    public Optional<SfuClient> client(String target) {
        return Optional.ofNullable(clients.get(target)).or(() -> Optional.ofNullable(retired.get(target)));
    }

    /** Every SFU of the pool: this node's list in its order, then the advertised ones. */
    public List<SfuClient> clients() {
        return List.copyOf(clients.values());
    }

    /**
     * The SFU for a class that has none, or whose SFU ({@code avoid}, may be empty) is lost: the least loaded of those
     * that serve, else any other than {@code avoid}, else {@code avoid} itself, whose streams keep trying it. The
     * choice counts as load on that SFU until its next report, so that classes placed together spread.
     */
    public String propose(String avoid) {
        Map<String, SfuClient> clients = this.clients;
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
        return client(target).map(client -> client.probe().thenApply(up -> !up))
                .orElseGet(() -> CompletableFuture.completedFuture(true));
    }

    /** Readiness: whether some SFU of the pool serves. */
    public boolean isServing() {
        return clients.values().stream().anyMatch(SfuClient::isServing);
    }

    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(SfuClient::close);
        retired.values().forEach(SfuClient::close);
    }
}
