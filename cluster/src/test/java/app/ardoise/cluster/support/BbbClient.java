package app.ardoise.cluster.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BigBlueButton API client as an LMS is one: parameters encoded as PHP's http_build_query does (spaces as +),
 * the checksum made here from the bytes sent, with the JDK's digest, not the node's code. Redirects are not followed.
 */
public final class BbbClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final TestNode node;
    private final String secret;
    private final String algorithm;

    /** @param algorithm a JDK digest name: SHA-1, SHA-256, SHA-384, SHA-512 */
    public BbbClient(TestNode node, String secret, String algorithm) {
        this.node = node;
        this.secret = secret;
        this.algorithm = algorithm;
    }

    /** Parameters in order: name, value, name, value... */
    public static Map<String, String> params(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    public static String query(Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    public String checksum(String call, String query) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest((call + query + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The signed URL of {@code call}, the checksum last as Moodle puts it. */
    public String url(String call, Map<String, String> params) {
        String query = query(params);
        return "/bigbluebutton/api/" + call + "?" + query + (query.isEmpty() ? "" : "&") + "checksum=" + checksum(call, query);
    }

    public HttpResponse<String> call(String call, Map<String, String> params) {
        return get(url(call, params));
    }

    public HttpResponse<String> get(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + pathAndQuery)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed: " + pathAndQuery, e);
        }
    }

    /** The text of the first {@code <name>} element of an answer, or null. */
    public static String element(String xml, String name) {
        Matcher found = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(xml);
        return found.find() ? found.group(1) : null;
    }
}
