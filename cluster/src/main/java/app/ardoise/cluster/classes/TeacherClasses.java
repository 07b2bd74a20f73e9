package app.ardoise.cluster.classes;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Which classes each signed-in teacher owns: the table {@code teacher_classes} (classes.cql, installed by
 * SchemaInstaller), in the journal's keyspace, through the journal's own Cassandra session. The session is looked
 * up at each use (the registry keeps it), so a node where no teacher signs in never connects for this.
 */
public final class TeacherClasses {
    private static final String COLUMNS = "room_id, title, created_at, archived";

    private final ActorSystem<?> system;
    private final String table;

    public TeacherClasses(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".teacher_classes";
    }

    public CompletionStage<Done> add(String subject, OwnedClass owned) {
        return session().executeWrite("INSERT INTO " + table + " (subject, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                subject, owned.roomId(), owned.title(), owned.createdAt(), owned.archived());
    }

    /** The teacher's classes, newest first. */
    public CompletionStage<List<OwnedClass>> list(String subject) {
        return session().selectAll("SELECT " + COLUMNS + " FROM " + table + " WHERE subject = ?", subject)
                .thenApply(rows -> rows.stream().map(TeacherClasses::owned)
                        .sorted(Comparator.comparing(OwnedClass::createdAt).reversed())
                        .toList());
    }

    /** The class if this teacher owns it. */
    public CompletionStage<Optional<OwnedClass>> find(String subject, String roomId) {
        return session().selectOne("SELECT " + COLUMNS + " FROM " + table + " WHERE subject = ? AND room_id = ?",
                subject, roomId).thenApply(row -> row.map(TeacherClasses::owned));
    }

    public CompletionStage<Done> rename(String subject, String roomId, String title) {
        return session().executeWrite("UPDATE " + table + " SET title = ? WHERE subject = ? AND room_id = ? IF EXISTS",
                title, subject, roomId);
    }

    public CompletionStage<Done> archive(String subject, String roomId, boolean archived) {
        return session().executeWrite("UPDATE " + table + " SET archived = ? WHERE subject = ? AND room_id = ? IF EXISTS",
                archived, subject, roomId);
    }

    public CompletionStage<Done> remove(String subject, String roomId) {
        return session().executeWrite("DELETE FROM " + table + " WHERE subject = ? AND room_id = ?", subject, roomId);
    }

    private static OwnedClass owned(Row row) {
        Instant created = row.getInstant("created_at");
        return new OwnedClass(row.getString("room_id"), row.getString("title"),
                created == null ? Instant.EPOCH : created, row.getBoolean("archived"));
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
