package app.ardoise.cluster.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where shards go, by load rather than by count: the decisions of LoadAwareAllocation without pekko, so that
 * they can be tried on simulated loads. A shard weighs one plus its classes' load (sessions, and deliveries
 * per second scaled to sessions): an idle cluster is balanced by shard count as pekko's least-shard strategy
 * would, and a busy one by what its classes cost.
 *
 * <p>A node's heaviest shard that alone weighs at least the mean stays where it is, and the node sheds its
 * others ({@link #anchor}).
 *
 * <p>Hysteresis keeps shards from flapping: nothing moves while the heaviest node is within
 * {@code tolerance} of the mean or within {@code minimumGap} of the lightest; a move must leave the pair
 * better balanced than it found them; and a shard that moved stays put for {@code cooldown}.
 *
 * @param <R> a node's shard region
 */
final class Placement<R> {
    private final PlacementSettings settings;
    private final Map<String, Long> movedAt = new HashMap<>();
    /**
     * What each shard in its cooldown weighed when it left. Its new node first reports it nearly empty, while its
     * sessions find it again (within their heartbeat): counted at that, its node would look light and draw the
     * others onto it. So until its cooldown ends it counts at least what it weighed when it left.
     */
    private final Map<String, Long> loadAtMove = new HashMap<>();
    /** Where the last round sent each shard it moved: its next allocation goes there, as the round planned. */
    private final Map<String, R> destinations = new HashMap<>();

    Placement(PlacementSettings settings) {
        this.settings = settings;
    }

    /**
     * The regions that take part in placement: those whose node can take classes (it says so by reporting its
     * loads). One that has just joined cannot yet: it would hold a moved class while it connects to Cassandra
     * and runs cold code. Every region while none can (a cluster starting): a class must start somewhere.
     */
    static <R> Map<R, List<String>> takingClasses(Map<R, List<String>> allocations, Predicate<R> canTake) {
        Map<R, List<String>> taking = new HashMap<>();
        allocations.forEach((region, shards) -> {
            if (canTake.test(region)) {
                taking.put(region, shards);
            }
        });
        return taking.isEmpty() ? allocations : taking;
    }

    /**
     * The region for a shard that has none: where the last round meant to send it, if that region is still
     * there; otherwise the lightest, then the one with the fewest shards. Deciding again here, on loads that
     * may have changed since the round (a report late under load), could send a shard back where it came from.
     */
    R allocate(String shard, Map<R, List<String>> allocations, Map<String, Long> reported) {
        R planned = destinations.remove(shard);
        if (planned != null && allocations.containsKey(planned)) {
            return planned;
        }
        Map<String, Long> loads = effective(reported);
        return allocations.keySet().stream()
                .min(Comparator.<R>comparingLong(region -> weight(allocations.get(region), loads))
                        .thenComparingInt(region -> allocations.get(region).size())
                        .thenComparing(Object::toString))
                .orElseThrow(() -> new IllegalStateException("no shard region to allocate to"));
    }

    /**
     * The shards to move this round: each from the heaviest region that can give to the lightest, as long as the
     * move narrows their gap; a region that cannot give leaves the comparison, and the tolerance then applies to
     * the mean of the others. The coordinator then allocates each again, and {@link #allocate} sends it where
     * planned. None while earlier moves are in progress, whose effect is not known yet, nor while a shard with
     * classes in use that an earlier round moved has no node yet: the coordinator gives shards their node one at
     * a time, and a new round's hand-offs would go before it (bench/placement-bench: 5 s more for the last).
     */
    Set<String> rebalance(Map<R, List<String>> allocations, Map<String, Long> reported, Set<String> inProgress, long nowMillis) {
        Set<String> moving = new LinkedHashSet<>();
        if (!inProgress.isEmpty() || allocations.size() < 2) {
            return moving;
        }
        movedAt.values().removeIf(at -> nowMillis - at >= settings.cooldown().toMillis());
        destinations.keySet().retainAll(movedAt.keySet());
        loadAtMove.keySet().retainAll(movedAt.keySet());
        if (rehoming(allocations)) {
            return moving;
        }
        Map<String, Long> loads = effective(reported);
        int busy = 0;
        Map<R, List<String>> plan = new HashMap<>();
        allocations.forEach((region, shards) -> plan.put(region, new ArrayList<>(shards)));
        for (int round = 0; round < settings.movesPerRound(); round++) {
            // The regions still in play, heaviest first. One that cannot give (what it has left is its anchor, or
            // shards heavier than the gap) carries a load of its own: it leaves the play, and the others even out among
            // themselves, around their own mean.
            List<R> inPlay = new ArrayList<>(plan.keySet().stream().sorted(byWeight(plan, loads).reversed()).toList());
            R donor = null;
            String best = null;
            while (best == null && inPlay.size() >= 2) {
                double mean = inPlay.stream().mapToLong(region -> weight(plan.get(region), loads)).average().orElse(0);
                long high = weight(plan.get(inPlay.get(0)), loads);
                long low = weight(plan.get(inPlay.get(inPlay.size() - 1)), loads);
                if (high <= mean * (1 + settings.tolerance()) || high - low < settings.minimumGap()) {
                    break;
                }
                List<String> heaviest = plan.get(inPlay.get(0));
                best = narrowest(heaviest, high - low, anchor(heaviest, mean, loads), loads, moving,
                        busy < settings.busyMovesPerRound());
                donor = inPlay.remove(0);
            }
            if (best == null) {
                break;
            }
            R lightest = inPlay.get(inPlay.size() - 1);
            if (loads.getOrDefault(best, 0L) > 0) {
                busy++;
            }
            moving.add(best);
            destinations.put(best, lightest);
            plan.get(donor).remove(best);
            plan.get(lightest).add(best);
        }
        moving.forEach(shard -> {
            movedAt.put(shard, nowMillis);
            loadAtMove.put(shard, loads.getOrDefault(shard, 0L));
        });
        return moving;
    }

    /** A shard with classes in use that a round moved and no region holds yet. */
    private boolean rehoming(Map<R, List<String>> allocations) {
        Set<String> held = new HashSet<>();
        allocations.values().forEach(held::addAll);
        return loadAtMove.entrySet().stream().anyMatch(moved -> moved.getValue() > 0 && !held.contains(moved.getKey()));
    }

    /**
     * The shard of a node that stays while the node sheds its others: its heaviest, when that alone weighs at least
     * the mean. Wherever it went, its node would weigh that much, so moving it would only carry the peak to another
     * node, and pause the largest class for the longest move (a lecture's recovery is the slowest: bench/RESULTS.md,
     * "The largest class stays"). Of two such shards on one node, the lighter may go. Null when none is that heavy.
     */
    private static String anchor(List<String> shards, double mean, Map<String, Long> loads) {
        String heaviest = null;
        for (String shard : shards) {
            if (heaviest == null || weight(shard, loads) > weight(heaviest, loads)) {
                heaviest = shard;
            }
        }
        return heaviest != null && weight(heaviest, loads) >= mean ? heaviest : null;
    }

    /**
     * The shard whose move leaves the pair closest to even (a shard of weight w turns the gap g into |g - 2w|), if any
     * narrows it; one without classes in use only, unless {@code busyToo}; never the node's {@code anchor}.
     */
    private String narrowest(List<String> shards, long gap, String anchor, Map<String, Long> loads, Set<String> moving,
                             boolean busyToo) {
        String best = null;
        long bestGap = gap;
        for (String shard : shards) {
            long after = Math.abs(gap - 2 * weight(shard, loads));
            boolean allowed = (busyToo || loads.getOrDefault(shard, 0L) == 0) && !shard.equals(anchor);
            if (allowed && after < bestGap && !movedAt.containsKey(shard) && !moving.contains(shard)) {
                best = shard;
                bestGap = after;
            }
        }
        return best;
    }

    private Map<String, Long> effective(Map<String, Long> reported) {
        if (loadAtMove.isEmpty()) {
            return reported;
        }
        Map<String, Long> loads = new HashMap<>(reported);
        loadAtMove.forEach((shard, load) -> loads.merge(shard, load, Math::max));
        return loads;
    }

    private Comparator<R> byWeight(Map<R, List<String>> plan, Map<String, Long> loads) {
        return Comparator.<R>comparingLong(region -> weight(plan.get(region), loads))
                .thenComparingInt(region -> plan.get(region).size())
                .thenComparing(Object::toString);
    }

    /** What a node holding these shards weighs: one per shard, plus each shard's load. */
    static long weight(Collection<String> shards, Map<String, Long> loads) {
        return shards.stream().mapToLong(shard -> weight(shard, loads)).sum();
    }

    private static long weight(String shard, Map<String, Long> loads) {
        return 1 + loads.getOrDefault(shard, 0L);
    }
}
