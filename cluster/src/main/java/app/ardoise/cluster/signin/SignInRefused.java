package app.ardoise.cluster.signin;

/** Why a callback signs nobody in, in words a teacher can pass on to whoever runs the service. */
public final class SignInRefused extends RuntimeException {
    private final boolean providerUnreachable;

    SignInRefused(String message, boolean providerUnreachable, Throwable cause) {
        super(message, cause);
        this.providerUnreachable = providerUnreachable;
    }

    /** The provider did not answer, rather than refused: a 502, not the browser's fault. */
    public boolean providerUnreachable() {
        return providerUnreachable;
    }
}
