package app.ardoise.cluster.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * GET /api/v1/openapi.json: the API described in OpenAPI 3.1, written by hand next to the routes it describes;
 * OpenApiTest calls every operation on a node and holds the routes and the document to each other.
 */
final class OpenApiRoute extends AllDirectives {
    private final HttpEntity.Strict document = HttpEntities.create(ContentTypes.APPLICATION_JSON, read());

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("openapi.json"), () -> get(() -> complete(document)));
    }

    private static byte[] read() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
