package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.ardoise.persistence.testing.TestCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/** Events and snapshots go to Cassandra through ardoise-persistence.conf, and come back in another actor system. */
class JournalTest {
    /** Generous: the first write to a keyspace may wait for the plugin to create it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> WORDS = List.of("the", "class", "starts", "at", "nine");

    @Test
    void eventsWrittenByOneSystemAreReplayedByAnother() {
        String keyspace = TestCassandra.freshKeyspace();

        String replayed = writeThenReplay(keyspace, true);

        assertEquals(String.join(" ", WORDS), replayed);
        try (CqlSession session = TestCassandra.shared().openSession()) {
            assertNotNull(session.execute("SELECT sequence_nr FROM " + keyspace + ".snapshots WHERE persistence_id = ?",
                    "notebook-1").one(), "the notebook snapshots every two events");
        }
    }

    @Test
    void theInstalledSchemaServesTheJournalWithoutAutoCreate() {
        String keyspace = TestCassandra.freshKeyspace();
        try (CqlSession session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
        }

        assertEquals(String.join(" ", WORDS), writeThenReplay(keyspace, false));
    }

    private static String writeThenReplay(String keyspace, boolean autoCreate) {
        ActorTestKit writer = ActorTestKit.create("writer", config(keyspace, autoCreate));
        try {
            ActorRef<Notebook.Command> notebook = writer.spawn(Notebook.create("notebook-1"));
            TestProbe<Done> written = writer.createTestProbe();
            for (String word : WORDS) {
                notebook.tell(new Notebook.Write(word, written.ref()));
                written.expectMessage(TIMEOUT, Done.getInstance());
            }
        } finally {
            writer.shutdownTestKit();
        }
        ActorTestKit reader = ActorTestKit.create("reader", config(keyspace, autoCreate));
        try {
            ActorRef<Notebook.Command> notebook = reader.spawn(Notebook.create("notebook-1"));
            TestProbe<String> sentence = reader.createTestProbe();
            notebook.tell(new Notebook.Read(sentence.ref()));
            return sentence.receiveMessage(TIMEOUT);
        } finally {
            reader.shutdownTestKit();
        }
    }

    private static Config config(String keyspace, boolean autoCreate) {
        return ConfigFactory.load(CassandraSettings.overlay(TestCassandra.shared().contactPoint(), keyspace, autoCreate)
                .withFallback(ConfigFactory.parseString("""
                        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                        """))
                .withFallback(ConfigFactory.parseResources("ardoise-persistence.conf")));
    }
}
