package app.ardoise.cluster.http;

import app.ardoise.cluster.signin.SignIn;
import app.ardoise.cluster.signin.SignInMode;
import app.ardoise.cluster.signin.SignInRefused;
import app.ardoise.cluster.signin.Teacher;
import app.ardoise.protocol.v1.SignedInTeacher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Teachers' sign-in: {@code GET /auth/login} (to the provider, or dev mode's form), {@code GET /auth/callback}
 * (back from the provider), {@code POST /auth/logout}, and {@code GET /api/v1/me} (who is signed in, and the
 * session's CSRF token). The state of a sign-in under way is kept server-side and also in a short cookie of
 * its own, so that a callback only signs in the browser that started it (a stranger's link cannot sign a
 * teacher into the stranger's account). On a node without sign-in none of these exist, and SignInOffRoute answers
 * {@code GET /api/v1/me}.
 */
final class SignInRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(SignInRoutes.class);
    private static final String STATE_COOKIE = "ardoise_sign_in";
    private static final long STATE_COOKIE_SECONDS = 600;
    private static final int MAX_DEV_NAME = 100;
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cc}\\p{Cf}]+");
    private static final String DEV_FORM = """
            <!doctype html>
            <html lang="fr">
            <head><meta charset="utf-8"><title>Ardoise : connexion de développement</title></head>
            <body>
            <h1>Connexion de développement</h1>
            <p><strong>Mode développement (ARDOISE_AUTH=dev) : n'importe qui peut se connecter sous n'importe quel nom.
            Ne l'utilisez jamais en production.</strong></p>
            <form method="post" action="/auth/login">
            <label>Nom <input name="name" required maxlength="100" autocomplete="name"></label>
            <button type="submit">Se connecter</button>
            </form>
            </body>
            </html>
            """;

    private final SignIn signIn;
    private final TeacherAuth auth;
    private final SignInAdmission admission;

    SignInRoutes(SignIn signIn, TeacherAuth auth, SignInAdmission admission) {
        this.signIn = signIn;
        this.auth = auth;
        this.admission = admission;
    }

    Route route() {
        return concat(
                path(PathMatchers.segment("auth").slash("login"), () -> signIn.mode() == SignInMode.DEV
                        ? concat(get(this::devForm), post(() -> admission.limited(this::devSignIn)))
                        : get(() -> admission.limited(this::login))),
                path(PathMatchers.segment("auth").slash("callback"), () -> get(this::callback)),
                path(PathMatchers.segment("auth").slash("logout"), () -> post(this::logout)),
                path(PathMatchers.segment("api").slash("v1").slash("me"), () -> get(this::me)));
    }

    private Route login() {
        return onSuccess(recovered(signIn.begin()), started -> started.failure() != null
                ? refused(started.failure())
                : setCookie(auth.cookie(STATE_COOKIE, started.value().state(), "/auth", STATE_COOKIE_SECONDS),
                        () -> redirect(Uri.create(started.value().location().toString()), StatusCodes.FOUND)));
    }

    /**
     * The provider's answer. A state that is not the one this browser started with, unknown, or already used,
     * changes nothing: a 400, and no session.
     */
    private Route callback() {
        return parameterOptional("state", state -> parameterOptional("code", code -> parameterOptional("error", error ->
                optionalCookie(STATE_COOKIE, started -> {
                    if (error.isPresent()) {
                        return complete(Problems.response(ProblemType.SIGN_IN_REFUSED,
                                "the sign-in provider did not sign you in: " + error.get()));
                    }
                    if (state.isEmpty() || code.isEmpty() || started.isEmpty() || !started.get().value().equals(state.get())) {
                        return complete(Problems.response(ProblemType.SIGN_IN_STATE,
                                "this sign-in was not started in this browser: start again from /auth/login"));
                    }
                    return onSuccess(recovered(signIn.finish(state.get(), code.get())), teacher -> teacher.failure() != null
                            ? refused(teacher.failure())
                            : setCookie(auth.cookie(STATE_COOKIE, "", "/auth", 0), () -> signedIn(teacher.value())));
                }))));
    }

    private Route devForm() {
        return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, DEV_FORM)));
    }

    /** Dev mode: whoever posts a name is that teacher. Same-origin only, so no other site signs a browser in. */
    private Route devSignIn() {
        return auth.sameOrigin(() -> formFieldOptional("name", name -> {
            String typed = name.orElse("").strip();
            if (typed.isEmpty() || typed.length() > MAX_DEV_NAME || !PRINTABLE.matcher(typed).matches()) {
                return complete(Problems.response(ProblemType.BAD_NAME,
                        "a name has 1 to " + MAX_DEV_NAME + " printable characters"));
            }
            return signedIn(new Teacher("dev:" + typed, typed, ""));
        }));
    }

    /**
     * A new session, its cookie, and the browser sent home. A session this browser still had is ended first: on a
     * classroom's shared computer, the next teacher's sign-in must not leave the last one's open.
     */
    private Route signedIn(Teacher teacher) {
        return optionalCookie(TeacherAuth.SESSION_COOKIE, previous -> onSuccess(previous
                        .map(cookie -> signIn.sessions().close(cookie.value()))
                        .orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance()))
                        .thenCompose(closed -> signIn.sessions().open(teacher)),
                session -> setCookie(auth.sessionCookie(session), () -> redirect(Uri.create("/"), StatusCodes.SEE_OTHER))));
    }

    /** Ends the session on every node, and removes the cookie. */
    private Route logout() {
        return auth.stateChanging((session, teacher) -> onSuccess(signIn.sessions().close(session),
                done -> setCookie(auth.cookie(TeacherAuth.SESSION_COOKIE, "", "/", 0),
                        () -> complete(StatusCodes.NO_CONTENT))));
    }

    private Route me() {
        return auth.signedIn((session, teacher) -> complete(HttpResponse.create().withEntity(JsonBodies.render(
                SignedInTeacher.newBuilder()
                        .setSubject(teacher.subject())
                        .setName(teacher.name())
                        .setEmail(teacher.email())
                        .setCsrfToken(auth.csrfToken(session))
                        .build()))));
    }

    private Route refused(Throwable failure) {
        if (failure instanceof SignInRefused refused) {
            // For the operator: a provider that does not answer, or answers what the node refuses, is theirs to fix.
            if (refused.providerUnreachable()) {
                LOG.warn("sign-in failed: {}", refused.getMessage());
            } else {
                LOG.info("sign-in refused: {}", refused.getMessage());
            }
            return complete(Problems.response(refused.providerUnreachable() ? ProblemType.PROVIDER_UNREACHABLE : ProblemType.SIGN_IN_REFUSED,
                    refused.getMessage()));
        }
        throw new CompletionException(failure);
    }

    /** A stage's value or failure, so that a refusal is answered in words rather than as pekko's bare 500. */
    private record Outcome<T>(T value, Throwable failure) {}

    private static <T> CompletionStage<Outcome<T>> recovered(CompletionStage<T> stage) {
        return stage.handle((value, failure) -> new Outcome<>(value,
                failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure));
    }
}
