package app.ardoise.cluster.admission;

import java.time.Duration;

/** The answer to a new connection: in, with its place in the counts, or not now. */
public sealed interface Admission {
    record Admitted(Ticket ticket) implements Admission {}

    /**
     * @param limit  which limit, as the refusals metric labels it
     * @param reason for the client's eyes: says which limit, never whose
     */
    record Refused(String limit, String reason, Duration retryAfter) implements Admission {}
}
