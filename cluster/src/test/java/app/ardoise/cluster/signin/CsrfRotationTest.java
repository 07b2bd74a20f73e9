package app.ardoise.cluster.signin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A teacher's page loaded before the token secret's rotation keeps working: its CSRF token matches after it. */
class CsrfRotationTest {
    private static final String OLD = "old-secret-0123456789";
    private static final String NEW = "new-secret-9876543210";

    @Test
    void a_token_made_with_the_previous_secret_matches_until_that_secret_is_dropped() {
        String beforeRotation = new CsrfTokens(OLD, List.of()).of("session-1");
        CsrfTokens rotated = new CsrfTokens(NEW, List.of(OLD));
        assertTrue(rotated.matches("session-1", beforeRotation));
        assertTrue(rotated.matches("session-1", rotated.of("session-1")));
        assertFalse(rotated.matches("session-2", beforeRotation), "a token is its session's only");
        assertFalse(new CsrfTokens(NEW, List.of()).matches("session-1", beforeRotation));
        assertFalse(rotated.matches("session-1", null));
    }
}
