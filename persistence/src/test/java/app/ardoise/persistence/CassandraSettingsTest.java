package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {
    /** What an application that includes the file gets from ConfigFactory.load(): substitutions resolved. */
    private static final Config LOADED = ConfigFactory.load(ConfigFactory.parseResources("ardoise-persistence.conf"));

    @Test
    void theConfFileSelectsTheCassandraPluginsWithoutAutoCreateOrTags() {
        assertEquals("pekko.persistence.cassandra.journal", LOADED.getString("pekko.persistence.journal.plugin"));
        assertEquals("pekko.persistence.cassandra.snapshot", LOADED.getString("pekko.persistence.snapshot-store.plugin"));
        assertEquals("ardoise", LOADED.getString("pekko.persistence.cassandra.journal.keyspace"));
        assertEquals("ardoise", LOADED.getString("pekko.persistence.cassandra.snapshot.keyspace"));
        assertFalse(LOADED.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"));
        assertFalse(LOADED.getBoolean("pekko.persistence.cassandra.snapshot.keyspace-autocreate"));
        assertFalse(LOADED.getBoolean("pekko.persistence.cassandra.events-by-tag.enabled"));
        assertEquals(List.of("127.0.0.1:9042"), LOADED.getStringList("datastax-java-driver.basic.contact-points"));
        assertEquals("datacenter1", LOADED.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
    }

    @Test
    void theOverlayReachesTheJournalInFrontOfAResolvedConfig() {
        Config config = CassandraSettings.overlay("127.0.0.1:19042", "room_tests", true).withFallback(LOADED);

        assertEquals("room_tests", config.getString("pekko.persistence.cassandra.journal.keyspace"));
        assertEquals("room_tests", config.getString("pekko.persistence.cassandra.snapshot.keyspace"));
        assertTrue(config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
        assertTrue(config.getBoolean("pekko.persistence.cassandra.snapshot.tables-autocreate"));
        assertEquals(List.of("127.0.0.1:19042"), config.getStringList("datastax-java-driver.basic.contact-points"));
    }

    @Test
    void contactPointsGivenAsOneStringBecomeTheDriversList() {
        Config given = ConfigFactory.parseString("ardoise.cassandra.contact-points = \"10.0.0.1:9042, 10.0.0.2:9042,\"")
                .withFallback(LOADED);
        Config config = CassandraSettings.contactPointsOverlay(given).withFallback(given);

        assertEquals(List.of("10.0.0.1:9042", "10.0.0.2:9042"), config.getStringList("datastax-java-driver.basic.contact-points"));
        assertEquals(List.of("10.0.0.1:9042", "10.0.0.2:9042"), config.getStringList("ardoise.cassandra.contact-points"));
        assertTrue(CassandraSettings.contactPointsOverlay(LOADED).isEmpty(), "a list is left as it is");
        assertThrows(IllegalArgumentException.class, () -> CassandraSettings.contactPointsOverlay(
                ConfigFactory.parseString("ardoise.cassandra.contact-points = \" , \"").withFallback(LOADED)));
    }
}
