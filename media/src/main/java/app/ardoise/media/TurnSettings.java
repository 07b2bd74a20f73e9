package app.ardoise.media;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The SFU's TURN server as the node hands it out ({@code ardoise.media.turn}): the URLs browsers use when UDP is
 * blocked, and the secret shared with the SFU that signs each participant's short-lived credential. Off while
 * no URL is set.
 *
 * @param ttl how long a credential stays valid: an allocation refreshed after that is refused, so the node renews
 *     each participant's before ({@link #renewAfter})
 */
public record TurnSettings(String secret, List<String> urls, Duration ttl) {

    /** A shorter secret could be guessed offline from one credential; the same floor as the node's token secret. */
    static final int MIN_SECRET_CHARS = 16;

    public TurnSettings {
        urls = List.copyOf(urls);
        if (!urls.isEmpty() && secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("ardoise.media.turn.secret (ARDOISE_TURN_SECRET) must have at least "
                    + MIN_SECRET_CHARS + " characters when TURN URLs are set");
        }
        if (urls.isEmpty() && !secret.isEmpty()) {
            throw new IllegalArgumentException(
                    "ardoise.media.turn.urls (ARDOISE_TURN_URLS) is empty: a TURN secret without URLs reaches no browser");
        }
        for (String url : urls) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new IllegalArgumentException("ardoise.media.turn.urls (ARDOISE_TURN_URLS): \"" + url
                        + "\" is not a turn: or turns: URL");
            }
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ardoise.media.turn.ttl (ARDOISE_TURN_TTL) must be positive");
        }
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /**
     * How long after issuing a credential the node sends a fresh one: three quarters into its life, so that the new
     * one is in the browser a quarter of the lifetime before the old one expires.
     */
    public Duration renewAfter() {
        return ttl.minus(ttl.dividedBy(4));
    }

    /** A credential for one participant of one class, valid for {@link #ttl} from {@code now}. */
    public TurnCredential credentialFor(String roomId, String participantId, Instant now) {
        return TurnCredential.issue(secret.getBytes(StandardCharsets.UTF_8), urls, roomId, participantId,
                now.plus(ttl));
    }

    static TurnSettings fromConfig(Config turn) {
        List<String> urls = turn.getValue("urls").valueType() == ConfigValueType.LIST
                ? turn.getStringList("urls")
                : Arrays.stream(turn.getString("urls").split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
        return new TurnSettings(turn.getString("secret"), urls, turn.getDuration("ttl"));
    }
}
