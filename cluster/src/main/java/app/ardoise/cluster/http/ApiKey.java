package app.ardoise.cluster.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The operator's API key, required as {@code Authorization: Bearer <key>} by the REST API. While a key is being
 * rotated the previous ones are accepted too (ardoise.auth.previous-api-keys), so that the callers (Moodle, a
 * school's scripts) can move to the new one while the nodes restart one after the other.
 */
final class ApiKey extends AllDirectives {
    /** The keys' digests: comparing digests of equal length tells a timing attacker nothing, not even a key's length. */
    private final List<byte[]> keyDigests;

    ApiKey(String key, List<String> previousKeys) {
        this.keyDigests = Stream.concat(Stream.of(key), previousKeys.stream()).map(ApiKey::sha256).toList();
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
        byte[] presented = sha256(header.substring("Bearer ".length()).strip());
        boolean matched = false;
        // Every key is compared, so that the time taken does not tell which one matched.
        for (byte[] digest : keyDigests) {
            matched |= MessageDigest.isEqual(presented, digest);
        }
        return matched;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
