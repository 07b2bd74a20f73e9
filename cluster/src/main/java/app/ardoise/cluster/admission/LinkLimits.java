package app.ardoise.cluster.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open WebSockets per join link on this node, at most a little more than the class can seat: a link that
 * leaked (posted publicly, or scripted) cannot hold more of the node than its class would. Per node: a
 * cluster-wide count would need state shared between nodes. Links are known by a digest, so that no token
 * sits in memory after its connections end, nor in a heap dump while they last.
 */
public final class LinkLimits {
    private static final Duration WHEN_FULL = Duration.ofSeconds(10);

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param maxPerLink what this link's class may hold (AdmissionSettings.socketsPerLink): classes differ */
    public Admission open(String token, int maxPerLink) {
        String link = digest(token);
        Admission[] answer = new Admission[1];
        open.compute(link, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerLink) {
                answer[0] = new Admission.Refused("link", "too many connections with this link", WHEN_FULL);
                return count;
            }
            answer[0] = new Admission.Admitted(new Ticket(() -> closed(link)));
            return now + 1;
        });
        return answer[0];
    }

    private void closed(String link) {
        open.computeIfPresent(link, (key, count) -> count == 1 ? null : count - 1);
    }

    int linksOpen() {
        return open.size();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
