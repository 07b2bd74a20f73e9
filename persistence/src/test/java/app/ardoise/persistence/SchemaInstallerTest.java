package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.persistence.testing.TestCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SchemaInstallerTest {
    @Test
    void installsTheJournalAndSnapshotTablesAndCanRunAgain() {
        String keyspace = TestCassandra.freshKeyspace();
        try (CqlSession session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
            SchemaInstaller.install(session, keyspace, Replication.simple(1));

            Set<String> tables = StreamSupport.stream(session.execute(
                            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace).spliterator(), false)
                    .map(row -> row.getString(0))
                    .collect(Collectors.toSet());
            assertEquals(Set.of("messages", "metadata", "all_persistence_ids", "snapshots", "sign_in_attempts", "teacher_sessions",
                    "teacher_classes", "bbb_meetings", "bbb_classes", "blob_chunks", "blobs", "blob_classes", "class_blobs", "class_documents",
                    "class_retention", "class_recordings", "attendance"), tables);
            Row replication = session.execute(
                    "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace).one();
            assertEquals("1", replication.getMap(0, String.class, String.class).get("replication_factor"));
        }
    }

    @Test
    void statementsNameTheKeyspaceAndItsReplication() {
        List<String> statements = SchemaInstaller.statements("classes", Replication.networkTopology(List.of("dc2:2", "dc1:3")));

        assertEquals(18, statements.size());
        assertEquals("CREATE KEYSPACE IF NOT EXISTS classes\n"
                + "  WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}", statements.get(0));
        assertTrue(statements.stream().skip(1).allMatch(statement -> statement.startsWith("CREATE TABLE IF NOT EXISTS classes.")),
                statements::toString);
    }

    @Test
    void refusesWhatWouldNotBeOneIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> SchemaInstaller.statements("x; DROP KEYSPACE y", Replication.simple(1)));
        assertThrows(IllegalArgumentException.class, () -> Replication.networkTopology(List.of("dc'1:3")));
        assertThrows(IllegalArgumentException.class, () -> Replication.simple(0));
    }

    @Test
    void readsReplicationAsTheJournalPluginDoes() {
        assertEquals("{'class': 'SimpleStrategy', 'replication_factor': 1}",
                Replication.fromConfig(ConfigFactory.load(ConfigFactory.parseResources("ardoise-persistence.conf"))
                        .getConfig("ardoise.cassandra")).toCql());
        // As ARDOISE_CASSANDRA_DC_REPLICATION_FACTORS would give it: one string.
        assertEquals("{'class': 'NetworkTopologyStrategy', 'eu': 3, 'us': 2}", Replication.fromConfig(ConfigFactory.parseMap(Map.of(
                "replication-strategy", "NetworkTopologyStrategy",
                "data-center-replication-factors", "eu:3, us:2"))).toCql());
    }
}
