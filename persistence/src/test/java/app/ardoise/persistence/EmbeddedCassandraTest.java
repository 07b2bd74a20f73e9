package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.persistence.testing.TestCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCassandraTest {
    @Test
    void theSharedCassandraAnswersCql() {
        try (CqlSession session = TestCassandra.shared().openSession()) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            assertTrue(version.startsWith("5."), version);
        }
    }

    @Test
    void aRestartOnTheSameDirectoryKeepsTheData(@TempDir Path dir) {
        EmbeddedCassandra.Settings settings = EmbeddedCassandra.Settings.onFreePorts(dir);
        try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(settings);
             CqlSession session = CqlSessions.open(cassandra.contactPoint())) {
            session.execute("CREATE KEYSPACE kept WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE kept.notes (id int PRIMARY KEY, note text)");
            session.execute("INSERT INTO kept.notes (id, note) VALUES (1, 'still here')");
        }

        try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(settings);
             CqlSession session = CqlSessions.open(cassandra.contactPoint())) {
            assertEquals("still here", session.execute("SELECT note FROM kept.notes WHERE id = 1").one().getString(0));
        }
    }

    @Test
    void aTakenPortFailsAtOnceAndSaysWhich(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedCassandra.Settings settings = new EmbeddedCassandra.Settings(dir, taken.getLocalPort(), FreePorts.pick(1)[0]);

            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> EmbeddedCassandra.start(settings));

            assertTrue(failure.getMessage().contains("CQL port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                    failure.getMessage());
        }
    }

    @Test
    void aChildThatDiesFailsWithTheEndOfItsLog(@TempDir Path dir) {
        // A heap too small for any JVM: the child exits at once, and only its log says why.
        EmbeddedCassandra.Settings settings = EmbeddedCassandra.Settings.onFreePorts(dir).withHeapMb(1);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> EmbeddedCassandra.start(settings));

        assertTrue(failure.getMessage().startsWith("Cassandra exited with code 1 before it answered CQL"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Too small maximum heap"), failure.getMessage());
    }
}
