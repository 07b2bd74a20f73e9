package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.AdmissionSettings;
import com.typesafe.config.Config;
import java.time.Duration;

/** The HTTP side, from {@code ardoise.http} and {@code ardoise.auth}. */
public record HttpSettings(
        String host,
        int port,
        String publicUrl,
        String apiKey,
        String tokenSecret,
        Duration linkTtl,
        Duration askTimeout,
        AdmissionSettings admission) {

    public static HttpSettings from(Config config) {
        Config http = config.getConfig("ardoise.http");
        Config auth = config.getConfig("ardoise.auth");
        String apiKey = auth.getString("api-key");
        if (apiKey.length() < 8) {
            throw new IllegalArgumentException("ardoise.auth.api-key (ARDOISE_API_KEY) must be set, 8 characters or more");
        }
        return new HttpSettings(
                http.getString("host"),
                http.getInt("port"),
                http.getString("public-url").replaceAll("/+$", ""),
                apiKey,
                auth.getString("token-secret"),
                auth.getDuration("link-ttl"),
                http.getDuration("ask-timeout"),
                AdmissionSettings.from(config));
    }

    /** The WebSocket base derived from the public URL: http -> ws, https -> wss. */
    String webSocketUrl() {
        return publicUrl.replaceFirst("^http", "ws");
    }
}
