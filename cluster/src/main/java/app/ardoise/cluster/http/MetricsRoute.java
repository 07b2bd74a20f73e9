package app.ardoise.cluster.http;

import app.ardoise.cluster.metrics.ArdoiseMetrics;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: the node's meters in Prometheus text format. */
final class MetricsRoute extends AllDirectives {
    private static final ContentType.NonBinary PROMETHEUS_TEXT = ContentTypes.TEXT_PLAIN_UTF8;

    private final ArdoiseMetrics metrics;

    MetricsRoute(ArdoiseMetrics metrics) {
        this.metrics = metrics;
    }

    Route route() {
        return path("metrics", () -> get(() ->
                complete(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape()))));
    }
}
