package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.ClientLimits;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/limits}: the limits every Welcome carries, as JSON, for the one form a browser shows
 * before it has a Welcome: the join page's name. Public like that page: the limits are no secret.
 */
final class LimitsRoute extends AllDirectives {
    private final ClientLimits limits;

    LimitsRoute(ClientLimits limits) {
        this.limits = limits;
    }

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("limits"), () -> get(() -> complete(JsonBodies.render(limits))));
    }
}
