package app.ardoise.cluster.http;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: this node is an Up cluster member,
 * has warmed up and its journal answers, so a load balancer only sends classes where they can be served
 * without a cold start's delays. The body
 * also says whether the SFU answers ({@code media: up}, {@code down} or {@code off}); a node whose SFU
 * is down stays ready, because its classes go on without media.
 */
final class HealthRoutes extends AllDirectives {
    private final ActorSystem<?> system;
    private final NodeHealth node;

    HealthRoutes(ActorSystem<?> system, NodeHealth node) {
        this.system = system;
        this.node = node;
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
        if (!node.warmedUp().getAsBoolean()) {
            return complete(StatusCodes.SERVICE_UNAVAILABLE, "warming up");
        }
        return onSuccess(node.journalReachable().get().exceptionally(failure -> false), reachable -> reachable
                ? complete("ready; media: " + node.media().get())
                : complete(StatusCodes.SERVICE_UNAVAILABLE, "the journal (Cassandra) does not answer"));
    }
}
