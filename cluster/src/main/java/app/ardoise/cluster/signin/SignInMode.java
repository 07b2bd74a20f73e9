package app.ardoise.cluster.signin;

import java.util.Locale;

/** How teachers sign in (ardoise.sign-in.mode, ARDOISE_AUTH). */
public enum SignInMode {
    /** Nobody signs in: classes are created with the operator's API key only. */
    OFF,
    /** Anyone signs in as any name typed in a form: for bin/ardoise-dev on a loopback address, never elsewhere. */
    DEV,
    /** Teachers sign in with their academic identity, through an OpenID Connect provider. */
    OIDC;

    static SignInMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "off", "" -> OFF;
            case "dev" -> DEV;
            case "oidc" -> OIDC;
            default -> throw new IllegalArgumentException(
                    "ardoise.sign-in.mode (ARDOISE_AUTH) must be off, dev or oidc, not '" + text + "'");
        };
    }
}
