package app.ardoise.cluster.signin;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Teachers' sign-in on a node where it is on (dev or oidc): its sessions, CSRF tokens and OpenID Connect client. */
public final class SignIn {
    /** The path the provider sends the browser back to, under the public URL: what the client registers. */
    private static final String CALLBACK_PATH = "/auth/callback";

    private final SignInMode mode;
    private final TeacherSessions sessions;
    private final CsrfTokens csrf;
    private final PendingSignIns pending;
    private final Optional<OidcClient> oidc;

    private SignIn(SignInMode mode, TeacherSessions sessions, CsrfTokens csrf, PendingSignIns pending, Optional<OidcClient> oidc) {
        this.mode = mode;
        this.sessions = sessions;
        this.csrf = csrf;
        this.pending = pending;
        this.oidc = oidc;
    }

    /**
     * Empty when sign-in is off. Contacts nobody yet: Cassandra and the provider at the first sign-in.
     *
     * @param keyspace the journal's, where SchemaInstaller put the sign-in's tables
     */
    public static Optional<SignIn> start(ActorSystem<?> system, SignInSettings settings, String keyspace, String publicUrl,
                                         CsrfTokens csrf, Clock clock) {
        if (settings.mode() == SignInMode.OFF) {
            return Optional.empty();
        }
        SignInTables tables = new SignInTables(system, keyspace);
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        Optional<OidcClient> oidc = settings.mode() == SignInMode.OIDC
                ? Optional.of(new OidcClient(settings, URI.create(publicUrl + CALLBACK_PATH), blocking))
                : Optional.empty();
        return Optional.of(new SignIn(settings.mode(), new TeacherSessions(tables, settings.idleTimeout(),
                settings.absoluteTimeout(), clock), csrf, new PendingSignIns(tables), oidc));
    }

    public SignInMode mode() {
        return mode;
    }

    public TeacherSessions sessions() {
        return sessions;
    }

    public CsrfTokens csrf() {
        return csrf;
    }

    /** A redirect to the provider, and the state the browser must bring back. */
    public record Redirect(String state, URI location) {}

    /** Starts an OpenID Connect sign-in: kept server-side (PendingSignIns), and where to send the browser. */
    public CompletionStage<Redirect> begin() {
        OidcClient client = oidcClient();
        PendingSignIn signIn = client.newSignIn();
        return pending.save(signIn)
                .thenCompose(done -> client.authorizationUri(signIn))
                .thenApply(location -> new Redirect(signIn.state(), location));
    }

    /**
     * Ends an OpenID Connect sign-in at its callback: the teacher, once the state is found (and used up) and the
     * code redeemed. Fails with {@link SignInRefused} otherwise.
     */
    public CompletionStage<Teacher> finish(String state, String code) {
        return pending.take(state).thenCompose(found -> found
                .map(signIn -> oidcClient().redeem(code, signIn))
                .orElseGet(() -> CompletableFuture.failedFuture(new SignInRefused(
                        "this sign-in is unknown, expired or already used: start again", false, null))));
    }

    private OidcClient oidcClient() {
        return oidc.orElseThrow(() -> new IllegalStateException("OpenID Connect sign-in needs ARDOISE_AUTH=oidc"));
    }
}
