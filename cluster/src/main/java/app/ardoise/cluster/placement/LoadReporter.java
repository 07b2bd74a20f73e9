package app.ardoise.cluster.placement;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * Each node's part of load-aware placement: every {@code report-interval} it adds up its classes' loads by shard
 * (ShardLoads), publishes them under its address in distributed data, and keeps the whole cluster's view in
 * ShardLoads for the allocation strategy, wherever the coordinator runs. A node's report older than ten
 * intervals (a node gone) no longer counts: gossip on a loaded machine can lag a few intervals, and a live
 * node's shards must not look empty meanwhile (nor a moving shard: LoadView). Written locally: the replicator gossips it to the others, and a
 * lost report is replaced by the next.
 * <p>
 * A node reports only once it can take classes (warmed up, its journal answering): until then placement moves
 * nothing to it. Pekko registers a node's shard region as soon as it joins, seconds before that, and a class
 * moved there then waited for the node's Cassandra session and cold code: 5 to 8 s (bench/placement-bench).
 */
public final class LoadReporter {
    private static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("ardoise-shard-loads");

    sealed interface Command {}

    private enum Tick implements Command { INSTANCE }

    private record Published(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

    private record Changed(Replicator.SubscribeResponse<LWWMap<String, String>> response) implements Command {}

    private record Ready(boolean ready) implements Command {}

    private LoadReporter() {}

    /** @param canTakeClasses whether this node can take classes now; asked at each interval until it can */
    public static Behavior<Command> create(ShardLoads loads, PlacementSettings settings, Clock clock,
                                           Supplier<CompletionStage<Boolean>> canTakeClasses) {
        return Behaviors.setup(context -> DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(replicator ->
                Behaviors.withTimers(timers -> {
                    SelfUniqueAddress self = DistributedData.get(context.getSystem()).selfUniqueAddress();
                    String node = self.uniqueAddress().address().toString();
                    replicator.subscribe(KEY, Changed::new);
                    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.reportInterval());
                    Map<String, Long> lastDelivered = new HashMap<>();
                    LoadView view = new LoadView(10 * settings.reportInterval().toMillis());
                    boolean[] ready = {false};
                    Runnable publish = () -> {
                        LoadReport report = new LoadReport(clock.millis(), loads(loads.byShard(), lastDelivered, settings));
                        replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.create(), Replicator.writeLocal(),
                                replyTo, map -> map.put(self, node, report.encode())), Published::new);
                    };
                    return Behaviors.receive(Command.class)
                            .onMessageEquals(Tick.INSTANCE, () -> {
                                if (ready[0]) {
                                    publish.run();
                                } else {
                                    context.pipeToSelf(canTakeClasses.get(), (can, failure) -> new Ready(can != null && can));
                                }
                                return Behaviors.same();
                            })
                            .onMessage(Ready.class, answer -> {
                                if (answer.ready() && !ready[0]) {
                                    ready[0] = true;
                                    context.getLog().info("this node takes classes: it reports its loads, and placement may move classes to it");
                                    publish.run();
                                }
                                return Behaviors.same();
                            })
                            .onMessage(Published.class, published -> Behaviors.same())
                            .onMessage(Changed.class, changed -> {
                                if (changed.response() instanceof Replicator.Changed<LWWMap<String, String>> value) {
                                    long now = clock.millis();
                                    Map<String, String> reports = value.get(KEY).getEntries();
                                    loads.cluster(view.update(merge(reports, now, settings), now), reporting(reports, now, settings));
                                }
                                return Behaviors.same();
                            })
                            .build();
                })));
    }

    /** A shard's load: its sessions, plus its deliveries per second since the last report scaled to sessions. */
    static Map<String, Long> loads(Map<String, ShardLoads.Reading> readings, Map<String, Long> lastDelivered,
                                   PlacementSettings settings) {
        Map<String, Long> loads = new HashMap<>();
        double seconds = settings.reportInterval().toMillis() / 1000.0;
        readings.forEach((shard, reading) -> {
            long since = Math.max(0, reading.delivered() - lastDelivered.getOrDefault(shard, reading.delivered()));
            loads.put(shard, reading.sessions() + Math.round(since / seconds / settings.deliveriesPerUnit()));
        });
        lastDelivered.clear();
        readings.forEach((shard, reading) -> lastDelivered.put(shard, reading.delivered()));
        return loads;
    }

    /** The nodes (addresses) whose last report is recent: those that can take classes. */
    static Set<String> reporting(Map<String, String> reports, long nowMillis, PlacementSettings settings) {
        long oldest = nowMillis - 10 * settings.reportInterval().toMillis();
        return reports.entrySet().stream()
                .filter(report -> LoadReport.decode(report.getValue()).atMillis() >= oldest)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every node's recent report as one view; where two nodes report a shard (it just moved), the larger load. */
    static Map<String, Long> merge(Map<String, String> reports, long nowMillis, PlacementSettings settings) {
        long oldest = nowMillis - 10 * settings.reportInterval().toMillis();
        Map<String, Long> view = new HashMap<>();
        reports.values().stream()
                .map(LoadReport::decode)
                .filter(report -> report.atMillis() >= oldest)
                .forEach(report -> report.loads().forEach((shard, load) -> view.merge(shard, load, Math::max)));
        return view;
    }
}
