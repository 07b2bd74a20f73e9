package app.ardoise.cluster.auth;

import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.ResumeGrant;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the tokens of join links and resumes: base64url(Protobuf grant) "." base64url(HMAC-SHA256).
 * A type prefix inside the MAC keeps a resume token from ever verifying as a join token. Tokens are signed with
 * the current secret and verified with it or a previous one (ardoise.auth.previous-token-secrets): a secret is
 * rotated node by node without turning away the links and resumes the old one signed (docs/OPERATIONS.md).
 */
public final class TokenService {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] JOIN = "join:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESUME = "resume:".getBytes(StandardCharsets.US_ASCII);

    /** Shorter secrets are too easy to guess; HttpSettings checks it before the node starts anything. */
    public static final int MIN_SECRET_CHARS = 16;

    private final SecretKeySpec key;
    private final List<SecretKeySpec> previousKeys;
    private final Clock clock;

    public TokenService(String secret, Clock clock) {
        this(secret, List.of(), clock);
    }

    public TokenService(String secret, List<String> previousSecrets, Clock clock) {
        this.key = key(secret);
        this.previousKeys = previousSecrets.stream().map(TokenService::key).toList();
        this.clock = clock;
    }

    private static SecretKeySpec key(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_CHARS + " characters");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(JoinGrant grant) {
        return sign(JOIN, grant.toByteArray());
    }

    public String sign(ResumeGrant grant) {
        return sign(RESUME, grant.toByteArray());
    }

    public TokenCheck<JoinGrant> verifyJoin(String token, String room) {
        byte[] payload = verified(JOIN, token);
        if (payload == null) {
            return TokenCheck.invalid();
        }
        try {
            JoinGrant grant = JoinGrant.parseFrom(payload);
            return check(grant, grant.getRoom(), grant.getExpiresAtEpochS(), room);
        } catch (InvalidProtocolBufferException e) {
            return TokenCheck.invalid();
        }
    }

    public TokenCheck<ResumeGrant> verifyResume(String token, String room) {
        byte[] payload = verified(RESUME, token);
        if (payload == null) {
            return TokenCheck.invalid();
        }
        try {
            ResumeGrant grant = ResumeGrant.parseFrom(payload);
            return check(grant, grant.getRoom(), grant.getExpiresAtEpochS(), room);
        } catch (InvalidProtocolBufferException e) {
            return TokenCheck.invalid();
        }
    }

    private <G> TokenCheck<G> check(G grant, String grantRoom, long expiresAt, String room) {
        if (expiresAt < clock.instant().getEpochSecond()) {
            return TokenCheck.expired();
        }
        if (!grantRoom.equals(room)) {
            return TokenCheck.wrongRoom();
        }
        return TokenCheck.valid(grant);
    }

    private String sign(byte[] type, byte[] payload) {
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(key, type, payload));
    }

    private byte[] verified(byte[] type, String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            boolean signed = MessageDigest.isEqual(signature, mac(key, type, payload));
            for (SecretKeySpec previous : previousKeys) {
                signed |= MessageDigest.isEqual(signature, mac(previous, type, payload));
            }
            return signed ? payload : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] mac(SecretKeySpec key, byte[] type, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(type);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
