package app.ardoise.cluster.signin;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Teachers' sign-in, from {@code ardoise.sign-in}. A node whose settings would let anyone in where others can
 * reach it (dev mode on a non-loopback address), or could not reach its provider, does not start.
 */
public record SignInSettings(
        SignInMode mode,
        String issuer,
        String clientId,
        String clientSecret,
        Duration idleTimeout,
        Duration absoluteTimeout) {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public SignInSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("ardoise.sign-in.idle-timeout (ARDOISE_SIGN_IN_IDLE_TIMEOUT) must be positive and "
                    + "at most ardoise.sign-in.absolute-timeout (ARDOISE_SIGN_IN_ABSOLUTE_TIMEOUT)");
        }
        if (mode == SignInMode.OIDC) {
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new IllegalArgumentException("ARDOISE_AUTH=oidc needs ardoise.sign-in.client-id (ARDOISE_OIDC_CLIENT_ID) "
                        + "and ardoise.sign-in.client-secret (ARDOISE_OIDC_CLIENT_SECRET)");
            }
            if (!isHttpUrl(issuer)) {
                throw new IllegalArgumentException("ARDOISE_AUTH=oidc needs ardoise.sign-in.issuer (ARDOISE_OIDC_ISSUER), "
                        + "the provider's https:// URL, not '" + issuer + "'");
            }
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Dev mode also reads the address the node's HTTP server binds ({@code ardoise.http.host}), which it requires to be loopback. */
    public static SignInSettings from(Config config) {
        SignInSettings settings = new SignInSettings(
                SignInMode.parse(config.getString("ardoise.sign-in.mode")),
                config.getString("ardoise.sign-in.issuer").strip(),
                config.getString("ardoise.sign-in.client-id").strip(),
                config.getString("ardoise.sign-in.client-secret"),
                config.getDuration("ardoise.sign-in.idle-timeout"),
                config.getDuration("ardoise.sign-in.absolute-timeout"));
        if (settings.mode() == SignInMode.DEV) {
            requireLoopback(config.getString("ardoise.http.host"));
        }
        return settings;
    }

    /**
     * Dev mode lets anyone in as anyone: only a browser on the machine itself may reach it. A host name other
     * than localhost is refused rather than resolved, since what it resolves to may change.
     */
    static void requireLoopback(String host) {
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("ARDOISE_AUTH=dev lets anyone sign in as anyone: it needs a loopback "
                    + "ardoise.http.host (ARDOISE_HTTP_HOST), such as 127.0.0.1, not '" + host + "'");
        }
    }

    private static boolean isLoopback(String host) {
        String bare = host.strip().replaceAll("^\\[|]$", "");
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(bare).matches()) {
            return false;
        }
        try {
            // A literal only: InetAddress reads it without asking DNS.
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
