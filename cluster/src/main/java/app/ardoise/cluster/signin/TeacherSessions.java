package app.ardoise.cluster.signin;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Signed-in teachers, in Cassandra so that a session opened on one node works on all of them, and a logout on
 * one ends it on all. The browser holds a random id; the row is keyed by its digest. A session ends after
 * {@code idleTimeout} without use or {@code absoluteTimeout} after sign-in, whichever comes first: each write
 * gives the row a TTL to its idle expiry, so Cassandra forgets it by itself, and a read checks both.
 */
public final class TeacherSessions {
    private static final int MAX_ID_CHARS = 100;

    private final SignInTables tables;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Clock clock;

    TeacherSessions(SignInTables tables, Duration idleTimeout, Duration absoluteTimeout, Clock clock) {
        this.tables = tables;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
    }

    public Duration absoluteTimeout() {
        return absoluteTimeout;
    }

    /** A new session for this teacher: its id, for the cookie. */
    public CompletionStage<String> open(Teacher teacher) {
        String id = Secrets.random();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(absoluteTimeout);
        return write(id, teacher, now, expiresAt, micros(now)).thenApply(done -> id);
    }

    /** The teacher of a session that is still open; empty for an unknown, ended or malformed id. */
    public CompletionStage<Optional<Teacher>> find(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Instant now = clock.instant();
        return tables.session().selectOne("SELECT subject, name, email, idle_until, expires_at FROM "
                        + tables.table("teacher_sessions") + " WHERE id = ?", Secrets.sha256(id))
                .thenCompose(row -> row.filter(found -> isOpen(found, now))
                        .map(found -> touched(id, found, now))
                        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty())));
    }

    /** Ends the session on every node (a logout). */
    public CompletionStage<Done> close(String id) {
        return tables.session().executeWrite("DELETE FROM " + tables.table("teacher_sessions") + " WHERE id = ?",
                Secrets.sha256(id));
    }

    private boolean isOpen(Row row, Instant now) {
        // The TTL is in whole seconds: the timestamps say exactly when.
        return now.isBefore(row.getInstant("idle_until")) && now.isBefore(row.getInstant("expires_at"));
    }

    /**
     * Pushes the idle expiry back, at most once per half idle timeout so that not every request writes. The
     * write is timestamped when the row was read: a logout's delete after that read wins over it, so a request
     * in flight cannot bring a session back once it has ended.
     */
    private CompletionStage<Optional<Teacher>> touched(String id, Row row, Instant now) {
        Teacher teacher = new Teacher(row.getString("subject"), row.getString("name"), row.getString("email"));
        Duration left = Duration.between(now, row.getInstant("idle_until"));
        if (left.compareTo(idleTimeout.dividedBy(2)) > 0) {
            return CompletableFuture.completedFuture(Optional.of(teacher));
        }
        return write(id, teacher, now, row.getInstant("expires_at"), micros(now) - 1).thenApply(done -> Optional.of(teacher));
    }

    private CompletionStage<Done> write(String id, Teacher teacher, Instant now, Instant expiresAt, long timestampMicros) {
        Instant idleUntil = min(now.plus(idleTimeout), expiresAt);
        long ttl = Math.max(1, (long) Math.ceil(Duration.between(now, idleUntil).toMillis() / 1000.0));
        return tables.session().executeWrite("INSERT INTO " + tables.table("teacher_sessions")
                        + " (id, subject, name, email, idle_until, expires_at) VALUES (?, ?, ?, ?, ?, ?)"
                        + " USING TTL ? AND TIMESTAMP ?",
                Secrets.sha256(id), teacher.subject(), teacher.name(), teacher.email(), idleUntil, expiresAt,
                (int) ttl, timestampMicros);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
