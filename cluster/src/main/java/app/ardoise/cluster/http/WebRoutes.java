package app.ardoise.cluster.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentEncoding;
import org.apache.pekko.http.javadsl.model.headers.HttpEncodings;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The browser client, from the {@code ardoise-web} jar on the classpath: {@code /} is the landing
 * page, {@code /classes} a signed-in teacher's classes, {@code /c/<roomId>} the class page (the same
 * index.html; the join token stays in the URL fragment and never reaches the server), {@code /assets/*} the content-hashed bundle. A browser asking
 * for any other page gets the same index with a 404 ({@link #notFound}): the client says "page not found"
 * in the reader's language, which pekko's English text could not.
 */
public final class WebRoutes extends AllDirectives {
    static final String ROOT = "ardoise/web/";
    static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
            + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";
    // Vite names assets after their content, so a name never changes meaning: cache them for a year.
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}");
    private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    /** Sent with every answer of the node (HttpApi), not only these pages. */
    static final List<HttpHeader> SECURITY = List.of(
            RawHeader.create("Content-Security-Policy", CSP),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            // "same-origin", not "no-referrer": under no-referrer a browser sends `Origin: null` with the page's own
            // POSTs (sign-in, sign-out, class creation), which the Origin check must refuse. Other sites still get
            // no referrer, and a class link's token is in the fragment, which no Referer ever carries.
            RawHeader.create("Referrer-Policy", "same-origin"));

    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final Gzipped gzipped = new Gzipped();

    public WebRoutes() {
        this(WebRoutes.class.getClassLoader());
    }

    WebRoutes(ClassLoader loader) {
        this.loader = loader;
    }

    public Route route() {
        return get(() -> concat(
                pathSingleSlash(this::index),
                path("classes", this::index),
                path(PathMatchers.segment("c").slash(PathMatchers.segment(ROOM_ID)), roomId -> index()),
                path(PathMatchers.segment("assets").slash(PathMatchers.segment(ASSET)), this::asset)));
    }

    /**
     * The answer to a request no route took: the index with a 404 for a browser's page (a GET that accepts
     * HTML, outside the API and the WebSockets), pekko's plain 404 for anything else, so that API clients and
     * scripts are not handed a page.
     */
    Route notFound() {
        return extractRequest(request -> isPage(request)
                ? page(StatusCodes.NOT_FOUND)
                : complete(StatusCodes.NOT_FOUND, "The requested resource could not be found."));
    }

    static boolean isPage(HttpRequest request) {
        String path = request.getUri().path();
        return request.method().equals(HttpMethods.GET)
                && !path.startsWith("/api/") && !path.startsWith("/ws/")
                && request.getHeader("Accept").map(accept -> accept.value().toLowerCase(Locale.ROOT).contains("text/html"))
                        .orElse(false);
    }

    private Route index() {
        return page(StatusCodes.OK);
    }

    private Route page(StatusCode status) {
        // HTML is revalidated every time so a new deployment's asset names are picked up at once.
        return resource("index.html")
                .map(bytes -> respondWithHeader(RawHeader.create("Cache-Control", "no-cache"),
                        () -> complete(HttpResponse.create().withStatus(status).withEntity(
                                HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, bytes)))))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "the web client is not in this build"));
    }

    private Route asset(String name) {
        return resource("assets/" + name)
                .map(bytes -> extractRequest(request -> {
                    byte[] gzip = Gzipped.accepted(request) ? gzipped.of(name, bytes) : null;
                    HttpResponse response = HttpResponse.create()
                            .addHeader(RawHeader.create("Cache-Control", IMMUTABLE))
                            .addHeader(RawHeader.create("Vary", "Accept-Encoding"));
                    return complete(gzip == null
                            ? response.withEntity(HttpEntities.create(contentType(name), bytes))
                            : response.addHeader(ContentEncoding.create(HttpEncodings.GZIP))
                                    .withEntity(HttpEntities.create(contentType(name), gzip)));
                }))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, "no such asset"));
    }

    static ContentType contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "js", "mjs" -> MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
            case "css" -> MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
            case "svg" -> MediaTypes.IMAGE_SVG_XML.toContentType();
            case "png" -> MediaTypes.IMAGE_PNG.toContentType();
            case "json", "map" -> ContentTypes.APPLICATION_JSON;
            default -> ContentTypes.APPLICATION_OCTET_STREAM;
        };
    }

    /** Found files are kept in memory (the bundle is small); misses are not, so random names cannot grow the cache. */
    private Optional<byte[]> resource(String path) {
        return Optional.ofNullable(cache.computeIfAbsent(path, key -> {
            try (InputStream in = loader.getResourceAsStream(ROOT + key)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }
}
