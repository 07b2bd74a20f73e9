package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.AdmissionSettings;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.config.ListSetting;
import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/** The HTTP side, from {@code ardoise.http} and {@code ardoise.auth}. */
public record HttpSettings(
        String host,
        int port,
        String publicUrl,
        String apiKey,
        List<String> previousApiKeys,
        String tokenSecret,
        List<String> previousTokenSecrets,
        Duration linkTtl,
        Duration askTimeout,
        AdmissionSettings admission) {

    /** A node that would hand out links nobody can follow, or refuse every key, does not start. */
    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("ardoise.http.port (ARDOISE_HTTP_PORT) must be 0 to 65535, not " + port);
        }
        if (apiKey.length() < 8 || previousApiKeys.stream().anyMatch(key -> key.length() < 8)) {
            throw new IllegalArgumentException("ardoise.auth.api-key (ARDOISE_API_KEY) must be set, 8 characters or more, "
                    + "and so must every ardoise.auth.previous-api-keys (ARDOISE_PREVIOUS_API_KEYS)");
        }
        if (tokenSecret.length() < TokenService.MIN_SECRET_CHARS
                || previousTokenSecrets.stream().anyMatch(secret -> secret.length() < TokenService.MIN_SECRET_CHARS)) {
            throw new IllegalArgumentException("ardoise.auth.token-secret (ARDOISE_TOKEN_SECRET) must be set, "
                    + TokenService.MIN_SECRET_CHARS + " characters or more, and so must every "
                    + "ardoise.auth.previous-token-secrets (ARDOISE_PREVIOUS_TOKEN_SECRETS)");
        }
        previousApiKeys = List.copyOf(previousApiKeys);
        previousTokenSecrets = List.copyOf(previousTokenSecrets);
        requireHttpUrl(publicUrl);
    }

    /** Full paths, so that a value of the wrong type is reported with the path an operator can look up. */
    public static HttpSettings from(Config config) {
        String host = config.getString("ardoise.http.host");
        int port = config.getInt("ardoise.http.port");
        String publicUrl = config.getString("ardoise.http.public-url").strip().replaceAll("/+$", "");
        return new HttpSettings(
                host,
                port,
                publicUrl.isEmpty() ? listenerUrl(host, port) : publicUrl,
                config.getString("ardoise.auth.api-key"),
                ListSetting.read(config, "ardoise.auth.previous-api-keys"),
                config.getString("ardoise.auth.token-secret"),
                ListSetting.read(config, "ardoise.auth.previous-token-secrets"),
                config.getDuration("ardoise.auth.link-ttl"),
                config.getDuration("ardoise.http.ask-timeout"),
                AdmissionSettings.from(config));
    }

    /**
     * The public URL when none is configured: the listener's own address, so that links follow the port
     * the node listens on. A wildcard host has no one address to give, and a browser on the machine
     * itself reaches a loopback one as localhost (the address the README's examples open): localhost
     * stands for both.
     */
    static String listenerUrl(String host, int port) {
        String bare = host.replaceAll("^\\[|]$", "");
        boolean local = bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("::1") || bare.startsWith("127.");
        String name = local ? "localhost" : bare.contains(":") ? "[" + bare + "]" : bare;
        return "http://" + name + ":" + port;
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ardoise.http.public-url (ARDOISE_PUBLIC_URL) must be an http:// or https:// URL, not '"
                    + url + "'", e);
        }
    }

    /** The WebSocket base derived from the public URL: http -> ws, https -> wss. */
    String webSocketUrl() {
        return publicUrl.replaceFirst("^http", "ws");
    }
}
