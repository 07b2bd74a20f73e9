package app.ardoise.cluster.blobs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A blob's name: the lower-case hex SHA-256 of its bytes, so equal content is stored once and never changes. */
public final class BlobHash {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private BlobHash() {
    }

    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static boolean isValid(String hash) {
        return hash != null && HEX.matcher(hash).matches();
    }
}
