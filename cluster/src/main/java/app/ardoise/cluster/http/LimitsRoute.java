package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.ClientLimits;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What a browser reads of the node before anything else, public and with no key: {@code GET /api/v1/limits}, the
 * limits every Welcome carries, for the one form a browser shows before it has a Welcome (the join page's name);
 * and, on a node without sign-in, {@code GET /api/v1/me} answered {@code {"signIn":"off"}}, so that the landing
 * page learns it without a failed request (Chromium logs each one in the console, which Lighthouse counts).
 */
final class LimitsRoute extends AllDirectives {
    private static final HttpEntity.Strict SIGN_IN_OFF = HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"signIn\":\"off\"}");

    private final ClientLimits limits;

    LimitsRoute(ClientLimits limits) {
        this.limits = limits;
    }

    /**
     * Its {@code /api/v1/me} is reached only where no sign-in route took the request: HttpApi puts those first, and
     * has them only when sign-in is on (SignInRoutes answers that path itself then).
     */
    Route route() {
        return concat(
                path(PathMatchers.segment("api").slash("v1").slash("limits"), () -> get(() -> complete(JsonBodies.render(limits)))),
                path(PathMatchers.segment("api").slash("v1").slash("me"), () -> get(() -> complete(SIGN_IN_OFF))));
    }
}
