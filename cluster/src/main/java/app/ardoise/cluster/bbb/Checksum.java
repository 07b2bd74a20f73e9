package app.ardoise.cluster.bbb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BigBlueButton's checksum: hex(H(call name + query string without its checksum + shared secret)), over the query
 * string as it arrived, so that a client's own encoding (spaces as + or %20, upper or lower hex) is what is hashed.
 * H is told by the checksum's length.
 */
public final class Checksum {
    private static final Pattern CHECKSUM = Pattern.compile("(^|&)checksum=([^&]*)");

    public enum Algorithm {
        SHA1("SHA-1", 40), SHA256("SHA-256", 64), SHA384("SHA-384", 96), SHA512("SHA-512", 128);

        private final String jca;
        private final int hexLength;

        Algorithm(String jca, int hexLength) {
            this.jca = jca;
            this.hexLength = hexLength;
        }

        /** As settings name it: sha1, sha256, sha384, sha512. */
        public static Algorithm named(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a checksum algorithm is sha1, sha256, sha384 or sha512, not '" + name + "'", e);
            }
        }

        static Optional<Algorithm> ofLength(int length) {
            for (Algorithm algorithm : values()) {
                if (algorithm.hexLength == length) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }
    }

    private Checksum() {}

    /** The checksum a client would send for {@code call} with {@code query}. */
    public static String of(Algorithm algorithm, String call, String query, String secret) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm.jca)
                    .digest((call + query + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm.jca, e);
        }
    }

    /** Whether {@code rawQuery} carries a right checksum for {@code call}, made with one of the {@code allowed}. */
    static boolean valid(String call, String rawQuery, String secret, Set<Algorithm> allowed) {
        var found = CHECKSUM.matcher(rawQuery);
        if (!found.find()) {
            return false;
        }
        String given = found.group(2);
        Optional<Algorithm> algorithm = Algorithm.ofLength(given.length()).filter(allowed::contains);
        if (algorithm.isEmpty()) {
            return false;
        }
        String expected = of(algorithm.get(), call, withoutChecksum(rawQuery, found.start(), found.end()), secret);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The query with its checksum taken out as text: {@code &checksum=X}, {@code checksum=X&} or {@code checksum=X}. */
    private static String withoutChecksum(String query, int start, int end) {
        if (start > 0) {
            return query.substring(0, start) + query.substring(end);
        }
        String rest = query.substring(end);
        return rest.startsWith("&") ? rest.substring(1) : rest;
    }
}
