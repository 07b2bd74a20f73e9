package app.ardoise.cluster.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.ResumeGrant;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Join and resume tokens as a browser or an attacker may send them: any string. bin/fuzz auth; the
 * seeds in TokenFuzzTestInputs were signed with {@link #SECRET} for {@link #ROOM}.
 */
class TokenFuzzTest {
    static final String SECRET = "fuzz-token-secret-0123456789";
    static final String ROOM = "fuzzroom";
    /** Fixed, so that a seed signed to expire after it stays valid and the outcome of an input never changes. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final TokenService TOKENS = new TokenService(SECRET, CLOCK);

    @FuzzTest
    void anyStringIsAnsweredWithAnOutcome(byte[] input) {
        String token = new String(input, UTF_8);
        TokenCheck<JoinGrant> join = TOKENS.verifyJoin(token, ROOM);
        TokenCheck<ResumeGrant> resume = TOKENS.verifyResume(token, ROOM);

        assertConsistent(join);
        assertConsistent(resume);
        // The type is inside the MAC: no string may pass as both kinds of token.
        assertFalse(join.outcome() != TokenCheck.Outcome.INVALID && resume.outcome() != TokenCheck.Outcome.INVALID,
                "verifies as a join and as a resume token: " + token);
        if (join.isValid()) {
            assertEquals(ROOM, join.grant().getRoom());
            assertEquals(join.grant(), TOKENS.verifyJoin(TOKENS.sign(join.grant()), ROOM).grant(), "signs again");
        }
        if (resume.isValid()) {
            assertEquals(ROOM, resume.grant().getRoom());
            assertEquals(resume.grant(), TOKENS.verifyResume(TOKENS.sign(resume.grant()), ROOM).grant(), "signs again");
        }
    }

    /** The seeds start the fuzzer from each outcome; a changed secret or clock would quietly make them all invalid. */
    @Test
    void theSeedsAreWhatTheirNamesSay() throws IOException {
        assertEquals(TokenCheck.Outcome.VALID, TOKENS.verifyJoin(seed("valid-join"), ROOM).outcome());
        assertEquals(TokenCheck.Outcome.VALID, TOKENS.verifyResume(seed("valid-resume"), ROOM).outcome());
        assertEquals(TokenCheck.Outcome.EXPIRED, TOKENS.verifyJoin(seed("expired-join"), ROOM).outcome());
        assertEquals(TokenCheck.Outcome.WRONG_ROOM, TOKENS.verifyJoin(seed("other-room-join"), ROOM).outcome());
        assertEquals(TokenCheck.Outcome.INVALID, TOKENS.verifyJoin(seed("resume-as-join"), ROOM).outcome());
    }

    private static String seed(String name) throws IOException {
        try (InputStream in = TokenFuzzTest.class.getResourceAsStream(
                "TokenFuzzTestInputs/anyStringIsAnsweredWithAnOutcome/" + name)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static void assertConsistent(TokenCheck<?> check) {
        assertNotNull(check.outcome());
        if (check.isValid()) {
            assertNotNull(check.grant());
        } else {
            assertNull(check.grant(), "a grant only with a valid token");
        }
    }
}
