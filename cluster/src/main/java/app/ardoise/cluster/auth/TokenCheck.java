package app.ardoise.cluster.auth;

/** The outcome of verifying a token: the grant when valid, otherwise why not. */
public record TokenCheck<G>(Outcome outcome, G grant) {
    public enum Outcome { VALID, INVALID, EXPIRED, WRONG_ROOM }

    static <G> TokenCheck<G> valid(G grant) {
        return new TokenCheck<>(Outcome.VALID, grant);
    }

    static <G> TokenCheck<G> invalid() {
        return new TokenCheck<>(Outcome.INVALID, null);
    }

    static <G> TokenCheck<G> expired() {
        return new TokenCheck<>(Outcome.EXPIRED, null);
    }

    static <G> TokenCheck<G> wrongRoom() {
        return new TokenCheck<>(Outcome.WRONG_ROOM, null);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
