package app.ardoise.cluster.bbb;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The BigBlueButton-compatible API ({@code ardoise.bbb}): the secret it shares with Moodle or Greenlight, empty to
 * leave the API off, and the checksum algorithms it accepts.
 */
public record BbbSettings(String secret, Set<Checksum.Algorithm> algorithms) {
    static final int MIN_SECRET_CHARS = 16;

    public BbbSettings {
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("ardoise.bbb.secret (ARDOISE_BBB_SECRET) must be empty (off) or "
                    + MIN_SECRET_CHARS + " characters or more");
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("ardoise.bbb.checksum-algorithms (ARDOISE_BBB_CHECKSUM_ALGORITHMS) needs at least one of sha1, sha256, sha384, sha512");
        }
        algorithms = Set.copyOf(algorithms);
    }

    public static BbbSettings of(String secret, List<String> algorithms) {
        Set<Checksum.Algorithm> named = EnumSet.noneOf(Checksum.Algorithm.class);
        algorithms.forEach(name -> named.add(Checksum.Algorithm.named(name)));
        return new BbbSettings(secret.strip(), named);
    }

    /** The settings when the API is on. */
    public Optional<BbbSettings> enabled() {
        return secret.isEmpty() ? Optional.empty() : Optional.of(this);
    }
}
