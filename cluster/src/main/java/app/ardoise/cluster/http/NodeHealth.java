package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.SfuState;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What readiness asks of the node beyond its cluster membership.
 *
 * @param journalReachable whether Cassandra answers now
 * @param media            the SFU's state for the body: {@code up}, {@code down} or {@code off}
 * @param warmedUp         whether the node has finished running its own hot paths (see WarmUp)
 * @param sfus             the SFU pool as this node sees it, for GET /api/v1/cluster; empty when media is off
 */
public record NodeHealth(Supplier<CompletionStage<Boolean>> journalReachable, Supplier<String> media,
                         BooleanSupplier warmedUp, Supplier<List<SfuState>> sfus) {}
