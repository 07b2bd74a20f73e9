package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.SignInOff;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/me} on a node without sign-in, in place of SignInRoutes: {@code {"signIn":"off"}}, so that the
 * landing page learns it without a failed request (Chromium logs each one in the console, which Lighthouse counts).
 */
final class SignInOffRoute extends AllDirectives {
    private static final HttpEntity.Strict OFF = JsonBodies.render(SignInOff.newBuilder().setSignIn("off").build());

    Route route() {
        return path(PathMatchers.segment("api").slash("v1").slash("me"), () -> get(() -> complete(OFF)));
    }
}
