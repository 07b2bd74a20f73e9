package app.ardoise.cluster.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.ResumeGrant;
import app.ardoise.protocol.v1.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token secret rotated in two rolling restarts (docs/OPERATIONS.md): first every node learns the new
 * secret as a previous one, then every node signs with it and keeps the old one as previous. At each step,
 * whatever any node signed verifies on every node; a secret that is in no node's list never does.
 */
class SecretRotationTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);
    private static final String OLD = "old-secret-0123456789";
    private static final String NEW = "new-secret-9876543210";
    private static final JoinGrant JOIN = JoinGrant.newBuilder().setRoom("k7f3x-9qm2p").setRole(Role.ROLE_STUDENT)
            .setExpiresAtEpochS(CLOCK.instant().getEpochSecond() + 3600).build();
    private static final ResumeGrant RESUME = ResumeGrant.newBuilder().setRoom("k7f3x-9qm2p").setParticipantId("p1")
            .setExpiresAtEpochS(CLOCK.instant().getEpochSecond() + 3600).build();

    @Test
    void every_step_of_a_rotation_verifies_what_every_other_step_signed() {
        List<TokenService> steps = List.of(
                new TokenService(OLD, CLOCK),
                new TokenService(OLD, List.of(NEW), CLOCK),
                new TokenService(NEW, List.of(OLD), CLOCK));
        // Nodes of neighbouring steps run side by side during a rolling restart.
        for (int signer = 0; signer < steps.size(); signer++) {
            for (int verifier = Math.max(0, signer - 1); verifier < Math.min(steps.size(), signer + 2); verifier++) {
                String join = steps.get(signer).sign(JOIN);
                String resume = steps.get(signer).sign(RESUME);
                assertTrue(steps.get(verifier).verifyJoin(join, JOIN.getRoom()).isValid(), "join " + signer + " -> " + verifier);
                assertTrue(steps.get(verifier).verifyResume(resume, RESUME.getRoom()).isValid(), "resume " + signer + " -> " + verifier);
            }
        }
    }

    @Test
    void once_the_old_secret_is_dropped_its_tokens_are_refused_and_a_previous_secret_never_signs() {
        String signedByOld = new TokenService(OLD, CLOCK).sign(JOIN);
        TokenService rotated = new TokenService(NEW, List.of(OLD), CLOCK);
        TokenService done = new TokenService(NEW, CLOCK);
        assertTrue(rotated.verifyJoin(signedByOld, JOIN.getRoom()).isValid());
        assertEquals(TokenCheck.Outcome.INVALID, done.verifyJoin(signedByOld, JOIN.getRoom()).outcome());
        // What the rotated node signs is the new secret's: a node left with only the old one refuses it.
        assertEquals(TokenCheck.Outcome.INVALID, new TokenService(OLD, CLOCK).verifyJoin(rotated.sign(JOIN), JOIN.getRoom()).outcome());
        // A resume token stays one under every secret: never a join token.
        assertEquals(TokenCheck.Outcome.INVALID, rotated.verifyJoin(new TokenService(OLD, CLOCK).sign(RESUME), JOIN.getRoom()).outcome());
        assertThrows(IllegalArgumentException.class, () -> new TokenService(NEW, List.of("short"), CLOCK));
    }
}
