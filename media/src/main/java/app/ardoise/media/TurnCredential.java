package app.ardoise.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN credential in the TURN REST API's scheme, which the SFU checks with the same secret and nothing stored:
 * the username is {@code "<unix expiry>:<tag>"}, the credential {@code base64(HMAC-SHA1(secret, username))}. The
 * tag stands for the participant without naming them (a class is of minors): an HMAC of class and participant,
 * the same at each join, that only the node could link back.
 */
public record TurnCredential(List<String> urls, String username, String credential) {

    private static final int TAG_BYTES = 12;

    static TurnCredential issue(byte[] secret, List<String> urls, String roomId, String participantId, Instant expiry) {
        byte[] tag = hmac("HmacSHA256", secret, "participant\n" + roomId + "\n" + participantId);
        String username = expiry.getEpochSecond() + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(tag, TAG_BYTES));
        String credential = Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret, username));
        return new TurnCredential(urls, username, credential);
    }

    private static byte[] hmac(String algorithm, byte[] secret, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JRE", e);
        }
    }
}
