package app.ardoise.cluster.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * As much of a browser as a sign-in needs: cookies kept per host and port (a cookie's path and flags are the
 * tests' to check), redirects followed one at a time so that a test sees, and may change, each step.
 */
public final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final Map<String, Map<String, String>> cookies = new ConcurrentHashMap<>();

    public HttpResponse<String> get(URI uri, String... headers) {
        return send(request(uri, headers).GET());
    }

    /** A GET whose body is kept as bytes (a download), with the jar's cookies. */
    public HttpResponse<byte[]> getBytes(URI uri, String... headers) {
        try {
            return HTTP.send(request(uri, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed", e);
        }
    }

    public HttpResponse<String> post(URI uri, String contentType, String body, String... headers) {
        return send(request(uri, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method with a JSON body (empty: none), e.g. PATCH or DELETE. */
    public HttpResponse<String> send(String method, URI uri, String json, String... headers) {
        return send(request(uri, headers).header("Content-Type", "application/json")
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> postForm(URI uri, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return post(uri, "application/x-www-form-urlencoded", body, headers);
    }

    /**
     * Follows the redirects from {@code response} until one leads to {@code stopAt}'s host and port (null: none
     * does), or none is left.
     */
    public HttpResponse<String> followUntil(HttpResponse<String> response, URI stopAt) {
        HttpResponse<String> current = response;
        for (int hops = 0; hops < 10; hops++) {
            URI next = location(current);
            if (next == null || (stopAt != null && authority(next).equals(authority(stopAt)))) {
                return current;
            }
            current = get(next);
        }
        throw new AssertionError("too many redirects from " + response.uri());
    }

    /**
     * The provider's part: from the redirect to it, through its login form (Spring Security's, with its own CSRF
     * field) with these credentials, to its redirect back to {@code node}: that last response, not followed.
     */
    public HttpResponse<String> signInAtProvider(HttpResponse<String> toProvider, URI node, String user, String password) {
        HttpResponse<String> toLogin = followUntil(toProvider, null);
        Matcher csrf = CSRF_FIELD.matcher(toLogin.body());
        if (!csrf.find()) {
            throw new AssertionError("no login form at " + toLogin.uri() + ": " + toLogin.statusCode() + " " + toLogin.body());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", user);
        form.put("password", password);
        form.put("_csrf", csrf.group(1));
        return followUntil(postForm(toLogin.uri(), form), node);
    }

    public static URI location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").map(response.uri()::resolve).orElse(null);
    }

    public String cookie(URI uri, String name) {
        return cookies.getOrDefault(authority(uri), Map.of()).get(name);
    }

    public void setCookie(URI uri, String name, String value) {
        cookies.computeIfAbsent(authority(uri), key -> new ConcurrentHashMap<>()).put(name, value);
    }

    private HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (headers.length > 0) {
            request.headers(headers);
        }
        Map<String, String> jar = cookies.getOrDefault(authority(uri), Map.of());
        if (!jar.isEmpty()) {
            request.header("Cookie", jar.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed", e);
        }
        Map<String, String> jar = cookies.computeIfAbsent(authority(response.uri()), key -> new ConcurrentHashMap<>());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('=')).strip();
            String value = pair.substring(pair.indexOf('=') + 1).strip();
            if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
        return response;
    }

    private static String authority(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
