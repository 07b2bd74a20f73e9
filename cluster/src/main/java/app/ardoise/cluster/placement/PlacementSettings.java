package app.ardoise.cluster.placement;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How classes are placed by load ({@code ardoise.placement}).
 *
 * @param tolerance how far above the mean a node's load may be before shards move off it: below it, nothing moves
 * @param minimumGap the least load difference between the heaviest and lightest node worth a move
 * @param cooldown how long a shard that moved stays where it went, so that no shard flaps between two nodes
 * @param movesPerRound the most shards one rebalance round moves
 * @param busyMovesPerRound the most shards with connected classes among them: the coordinator gives the shards of a
 *                          round their new node one after the other, and the last one's classes wait for all
 * @param deliveriesPerUnit frames delivered per second that weigh as much as one connected session
 * @param reportInterval how often each node publishes its shards' loads
 */
public record PlacementSettings(double tolerance, long minimumGap, Duration cooldown, int movesPerRound,
                                int busyMovesPerRound, double deliveriesPerUnit, Duration reportInterval) {
    public static PlacementSettings from(Config placement) {
        return new PlacementSettings(
                placement.getDouble("tolerance"),
                placement.getLong("minimum-gap"),
                placement.getDuration("cooldown"),
                placement.getInt("moves-per-round"),
                placement.getInt("busy-moves-per-round"),
                placement.getDouble("deliveries-per-unit"),
                placement.getDuration("report-interval"));
    }
}
