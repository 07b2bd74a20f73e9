package app.ardoise.cluster.http;

import java.util.function.Supplier;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: this node is an Up cluster member
 * and its journal answers, so a load balancer only sends classes where they can be served. The body
 * also says whether the SFU answers ({@code media: up}, {@code down} or {@code off}); a node whose SFU
 * is down stays ready, because its classes go on without media.
 */
final class HealthRoutes extends AllDirectives {
    private final ActorSystem<?> system;
    private final Supplier<CompletionStage<Boolean>> journalReachable;
    private final Supplier<String> media;

    HealthRoutes(ActorSystem<?> system, Supplier<CompletionStage<Boolean>> journalReachable, Supplier<String> media) {
        this.system = system;
        this.journalReachable = journalReachable;
        this.media = media;
    }

    Route route() {
        return pathPrefix("health", () -> concat(
                path("live", () -> get(() -> complete("ok"))),
                path("ready", () -> get(this::ready))));
    }

    private Route ready() {
        MemberStatus status = Cluster.get(system).selfMember().status();
        if (status != MemberStatus.up()) {
            return complete(StatusCodes.SERVICE_UNAVAILABLE, "cluster member is " + status);
        }
        return onSuccess(journalReachable.get().exceptionally(failure -> false), reachable -> reachable
                ? complete("ready; media: " + media.get())
                : complete(StatusCodes.SERVICE_UNAVAILABLE, "the journal (Cassandra) does not answer"));
    }
}
