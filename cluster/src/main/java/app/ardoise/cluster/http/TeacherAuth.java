package app.ardoise.cluster.http;

import app.ardoise.cluster.signin.SignIn;
import app.ardoise.cluster.signin.Teacher;
import java.net.URI;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A teacher's session cookie, and what a request made with it must show. The cookie is HttpOnly (no script
 * reads it), SameSite=Lax (another site's POST does not carry it), Secure behind an https public URL. Every
 * request that changes something with it also needs the session's CSRF token in {@value #CSRF_HEADER} and, when
 * the browser says where it comes from (Origin), to come from the public URL: {@link #stateChanging}.
 */
final class TeacherAuth extends AllDirectives {
    static final String SESSION_COOKIE = "ardoise_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final SignIn signIn;
    private final String origin;
    private final boolean secure;

    TeacherAuth(SignIn signIn, String publicUrl) {
        this.signIn = signIn;
        URI uri = URI.create(publicUrl);
        this.origin = origin(uri);
        this.secure = "https".equals(uri.getScheme());
    }

    /** As a browser writes it in Origin: the host in lower case, no default port (a public URL may name :443). */
    static String origin(URI publicUrl) {
        String scheme = publicUrl.getScheme().toLowerCase(Locale.ROOT);
        int port = publicUrl.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + publicUrl.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** The signed-in teacher and the session's id; 401 without a session that is still open. */
    Route signedIn(BiFunction<String, Teacher, Route> inner) {
        return optionalCookie(SESSION_COOKIE, cookie -> cookie.isEmpty()
                ? notSignedIn()
                : onSuccess(signIn.sessions().find(cookie.get().value()), teacher -> teacher
                        .map(found -> inner.apply(cookie.get().value(), found))
                        .orElseGet(this::notSignedIn)));
    }

    /** As {@link #signedIn}, for a request that changes something: same origin, and the CSRF token (403 otherwise). */
    Route stateChanging(BiFunction<String, Teacher, Route> inner) {
        return sameOrigin(() -> signedIn((session, teacher) -> optionalHeaderValueByName(CSRF_HEADER, token ->
                signIn.csrf().matches(session, token.orElse(null))
                        ? inner.apply(session, teacher)
                        : refuse(ProblemType.CSRF, "this request needs the session's " + CSRF_HEADER + " header"))));
    }

    /**
     * 403 for a request whose Origin is another site's. Browsers send Origin with every POST; a request without
     * one (not from a browser, or an old one) is left to the other checks.
     */
    Route sameOrigin(Supplier<Route> inner) {
        return optionalHeaderValueByName("Origin", from -> from.isEmpty() || from.get().equals(origin)
                ? inner.get()
                : refuse(ProblemType.CROSS_ORIGIN, "requests with this session come from " + origin
                        + ", not " + from.get()));
    }

    HttpCookie sessionCookie(String session) {
        return cookie(SESSION_COOKIE, session, "/", signIn.sessions().absoluteTimeout().toSeconds());
    }

    /** A cookie of this node's: HttpOnly, SameSite=Lax, Secure behind https. Max-Age 0 removes it. */
    HttpCookie cookie(String name, String value, String path, long maxAgeSeconds) {
        return HttpCookie.create(name, value)
                .withPath(path)
                .withMaxAge(maxAgeSeconds)
                .withHttpOnly(true)
                .withSecure(secure)
                .withSameSite(SameSite.Lax);
    }

    String csrfToken(String session) {
        return signIn.csrf().of(session);
    }

    private Route notSignedIn() {
        return refuse(ProblemType.NOT_SIGNED_IN, "sign in first: GET /auth/login");
    }

    private Route refuse(ProblemType type, String detail) {
        return complete(Problems.response(type, detail));
    }
}
