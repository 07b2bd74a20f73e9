package app.ardoise.cluster.http;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Class ids: short enough to read aloud, unguessable enough (~50 bits) that links are the only way in. */
public final class RoomIds {
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{4,40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomIds() {}

    public static String next() {
        StringBuilder id = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                id.append('-');
            }
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    static boolean isValid(String id) {
        return VALID.matcher(id).matches();
    }
}
