package app.ardoise.cluster.session;

import java.security.SecureRandom;

/** Participant ids: random, short enough to show in logs, long enough never to collide within a class. */
final class ParticipantIds {
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ParticipantIds() {}

    static String next() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "p" + new String(id);
    }
}
