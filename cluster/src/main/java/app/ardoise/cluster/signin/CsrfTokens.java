package app.ardoise.cluster.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session's CSRF token: an HMAC of its id under the cluster's token secret, so every node computes the same
 * one and nothing more is stored with the session. A page from another site can make the browser send the
 * cookie, but cannot read the token (GET /api/v1/me is same-origin), so cannot send it back in a header.
 */
public final class CsrfTokens {
    private final SecretKeySpec key;
    /** A page loaded before a secret's rotation holds a token made with the previous one. */
    private final List<SecretKeySpec> previousKeys;

    public CsrfTokens(String tokenSecret, List<String> previousSecrets) {
        this.key = key(tokenSecret);
        this.previousKeys = previousSecrets.stream().map(CsrfTokens::key).toList();
    }

    public String of(String sessionId) {
        return of(key, sessionId);
    }

    /** In constant time: how much of a guess matched must not show in how long the answer takes. */
    public boolean matches(String sessionId, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean matched = MessageDigest.isEqual(of(key, sessionId).getBytes(StandardCharsets.US_ASCII), bytes);
        for (SecretKeySpec previous : previousKeys) {
            matched |= MessageDigest.isEqual(of(previous, sessionId).getBytes(StandardCharsets.US_ASCII), bytes);
        }
        return matched;
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static String of(SecretKeySpec key, String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, sessionId));
    }

    private static byte[] mac(SecretKeySpec key, String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Its own prefix, so that no other token signed with this secret (TokenService's) is ever a CSRF token.
            return mac.doFinal(("csrf:" + sessionId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
