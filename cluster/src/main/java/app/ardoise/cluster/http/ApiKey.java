package app.ardoise.cluster.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The operator's API key, required as {@code Authorization: Bearer <key>} by the REST API. */
final class ApiKey extends AllDirectives {
    private final byte[] key;

    ApiKey(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    Route required(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> {
            if (header.isPresent() && authorized(header.get())) {
                return inner.get();
            }
            return complete(HttpResponse.create()
                    .withStatus(StatusCodes.UNAUTHORIZED)
                    .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2("ardoise")))
                    .withEntity("an API key is required: Authorization: Bearer <key>"));
        });
    }

    private boolean authorized(String header) {
        if (!header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, key);
    }
}
