package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnSettingsTest {
    private static final String SECRET = "turn-secret-0123456789";
    private static final List<String> URLS = List.of("turns:sfu.example.org:443?transport=tcp");

    @Test
    void turnIsOffByDefault() {
        assertFalse(MediaSettings.fromConfig(ConfigFactory.defaultReference()).turn().enabled());
    }

    @Test
    void theCredentialIsTheTurnRestApisHmacOfAnExpiryAndAnOpaqueTag() {
        TurnSettings turn = new TurnSettings(SECRET, URLS, Duration.ofHours(12));
        TurnCredential credential = turn.credentialFor("room-1", "p-1", Instant.ofEpochSecond(1_800_000_000));
        // Computed apart, with Python's hmac: base64(HMAC-SHA1(secret, username)), and the tag as the first 12
        // bytes of HMAC-SHA256(secret, "participant\n<room>\n<participant>"), base64url.
        assertEquals("1800043200:U0JUGba7T8l1IKJa", credential.username());
        assertEquals("XGbzGsqvhJd30hwLVGkcsVcBNjI=", credential.credential());
        assertEquals(URLS, credential.urls());
        assertFalse(credential.username().contains("p-1"), "the participant is not named");
    }

    @Test
    void eachParticipantHasItsOwnTagAndEachJoinAFreshExpiry() {
        TurnSettings turn = new TurnSettings(SECRET, URLS, Duration.ofMinutes(30));
        Instant now = Instant.ofEpochSecond(1_800_000_000);
        String tag1 = tag(turn.credentialFor("room-1", "p-1", now));
        assertNotEquals(tag1, tag(turn.credentialFor("room-1", "p-2", now)));
        assertNotEquals(tag1, tag(turn.credentialFor("room-2", "p-1", now)));
        TurnCredential later = turn.credentialFor("room-1", "p-1", now.plusSeconds(60));
        assertEquals(tag1, tag(later));
        assertEquals("1800001860", later.username().split(":")[0]);
    }

    @Test
    void aCredentialIsReissuedBeforeItExpiresAndTheNewOneOutlivesIt() {
        TurnSettings turn = new TurnSettings(SECRET, URLS, Duration.ofSeconds(4));
        Instant issued = Instant.ofEpochSecond(1_800_000_000);
        long expires = expiry(turn.credentialFor("room-1", "p-1", issued));
        Instant renewed = issued.plus(turn.renewAfter());
        assertEquals(Duration.ofSeconds(3), turn.renewAfter());
        assertTrue(renewed.getEpochSecond() < expires, "renewed while the first is still valid");
        TurnCredential fresh = turn.credentialFor("room-1", "p-1", renewed);
        assertEquals(expires + 3, expiry(fresh), "valid a whole lifetime from its renewal");
        assertEquals(tag(turn.credentialFor("room-1", "p-1", issued)), tag(fresh), "the same participant's");
        assertEquals(Duration.ofHours(9), new TurnSettings(SECRET, URLS, Duration.ofHours(12)).renewAfter());
    }

    private static long expiry(TurnCredential credential) {
        return Long.parseLong(credential.username().split(":")[0]);
    }

    @Test
    void urlsComeAsAListOrACommaSeparatedVariable() {
        var turn = MediaSettings.fromConfig(ConfigFactory.parseString("""
                ardoise.media.turn { secret = "%s", urls = "turn:10.0.0.5:3478?transport=tcp, turns:sfu.example.org:443" }
                """.formatted(SECRET)).withFallback(ConfigFactory.defaultReference())).turn();
        assertTrue(turn.enabled());
        assertEquals(List.of("turn:10.0.0.5:3478?transport=tcp", "turns:sfu.example.org:443"), turn.urls());
        assertEquals(Duration.ofHours(12), turn.ttl());
    }

    @Test
    void aMisconfigurationSaysWhichSetting() {
        var shortSecret = assertThrows(IllegalArgumentException.class,
                () -> new TurnSettings("short", URLS, Duration.ofHours(1)));
        assertTrue(shortSecret.getMessage().contains("ARDOISE_TURN_SECRET"), shortSecret.getMessage());
        var noUrls = assertThrows(IllegalArgumentException.class,
                () -> new TurnSettings(SECRET, List.of(), Duration.ofHours(1)));
        assertTrue(noUrls.getMessage().contains("ARDOISE_TURN_URLS"), noUrls.getMessage());
        var notTurn = assertThrows(IllegalArgumentException.class,
                () -> new TurnSettings(SECRET, List.of("stun:stun.example.org"), Duration.ofHours(1)));
        assertTrue(notTurn.getMessage().contains("stun:stun.example.org"), notTurn.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TurnSettings(SECRET, URLS, Duration.ZERO));
    }

    private static String tag(TurnCredential credential) {
        return credential.username().split(":")[1];
    }
}
