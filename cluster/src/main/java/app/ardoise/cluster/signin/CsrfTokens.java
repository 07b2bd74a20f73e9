package app.ardoise.cluster.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session's CSRF token: an HMAC of its id under the cluster's token secret, so every node computes the same
 * one and nothing more is stored with the session. A page from another site can make the browser send the
 * cookie, but cannot read the token (GET /api/v1/me is same-origin), so cannot send it back in a header.
 */
public final class CsrfTokens {
    private final SecretKeySpec key;

    public CsrfTokens(String tokenSecret) {
        this.key = new SecretKeySpec(tokenSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(sessionId));
    }

    /** In constant time: how much of a guess matched must not show in how long the answer takes. */
    public boolean matches(String sessionId, String presented) {
        return presented != null
                && MessageDigest.isEqual(of(sessionId).getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(String sessionId) {
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
