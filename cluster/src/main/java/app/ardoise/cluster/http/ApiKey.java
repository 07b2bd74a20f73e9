package app.ardoise.cluster.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The operator's API key, required as {@code Authorization: Bearer <key>} by the REST API. */
final class ApiKey extends AllDirectives {
    /** The key's digest: comparing digests of equal length tells a timing attacker nothing, not even the key's length. */
    private final byte[] keyDigest;

    ApiKey(String key) {
        this.keyDigest = sha256(key);
    }

    Route required(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", header -> {
            if (header.isPresent() && authorized(header.get())) {
                return inner.get();
            }
            return complete(Problems.response(ProblemType.API_KEY_REQUIRED, "an API key is required: Authorization: Bearer <key>")
                    .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2("ardoise"))));
        });
    }

    /** Whether an Authorization header's value is this key's. */
    boolean authorized(String header) {
        if (!header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring("Bearer ".length()).strip()), keyDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
