package app.ardoise.cluster.signin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Sign-ins under way, by state, in Cassandra: the provider may send the browser back to another node than the
 * one it left from. Each is taken once (a replayed callback finds nothing) and expires after ten minutes
 * (the table's default TTL).
 */
final class PendingSignIns {
    private static final int MAX_STATE_CHARS = 100;

    private final SignInTables tables;

    PendingSignIns(SignInTables tables) {
        this.tables = tables;
    }

    CompletionStage<Done> save(PendingSignIn pending) {
        return tables.session().executeWrite("INSERT INTO " + tables.table("sign_in_attempts")
                + " (state, nonce, code_verifier) VALUES (?, ?, ?)", pending.state(), pending.nonce(), pending.codeVerifier());
    }

    /** The sign-in of this state, removed so that it cannot be used again; empty when unknown or expired. */
    CompletionStage<Optional<PendingSignIn>> take(String state) {
        if (state == null || state.isEmpty() || state.length() > MAX_STATE_CHARS) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return tables.session().selectOne("SELECT nonce, code_verifier FROM " + tables.table("sign_in_attempts")
                        + " WHERE state = ?", state)
                .thenCompose(row -> row.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<PendingSignIn>empty())
                        : tables.session().executeWrite("DELETE FROM " + tables.table("sign_in_attempts") + " WHERE state = ?", state)
                                .thenApply(done -> Optional.of(new PendingSignIn(state, row.get().getString("nonce"),
                                        row.get().getString("code_verifier")))));
    }
}
