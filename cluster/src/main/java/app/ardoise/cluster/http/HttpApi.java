package app.ardoise.cluster.http;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.session.ClientSession;
import app.ardoise.protocol.v1.ClientLimits;
import java.time.Clock;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Every HTTP route of a node. */
public final class HttpApi extends AllDirectives {
    private final RoomsApi rooms;
    private final WebSocketRoute webSocket;
    private final HealthRoutes health;
    private final MetricsRoute metrics;
    private final ClusterApi cluster;
    private final LimitsRoute limits;

    public HttpApi(ActorSystem<?> system, RoomDirectory directory, TokenService tokens, HttpSettings settings,
                   Function<String, ClientSession.Wiring> wiring, ArdoiseMetrics meters,
                   NodeHealth nodeHealth, ClientLimits clientLimits, Clock clock) {
        ApiKey apiKey = new ApiKey(settings.apiKey());
        this.rooms = new RoomsApi(directory, tokens, settings, clock, apiKey, meters);
        this.cluster = new ClusterApi(system, apiKey, settings.askTimeout());
        this.webSocket = new WebSocketRoute(system, directory, tokens, wiring,
                new WebSocketAdmission(system, settings.admission(), meters));
        this.health = new HealthRoutes(system, nodeHealth);
        this.metrics = new MetricsRoute(meters);
        this.limits = new LimitsRoute(clientLimits);
    }

    /**
     * Sealed inside the security headers, so that every answer carries them: refusals and pekko's own
     * rejections (404, 405, 413) as well as pages, the API, health and metrics.
     */
    public Route route() {
        return respondWithHeaders(WebRoutes.SECURITY, () -> concat(rooms.route(), cluster.route(), limits.route(), webSocket.route(),
                health.route(), metrics.route(), new WebRoutes().route()).seal());
    }
}
