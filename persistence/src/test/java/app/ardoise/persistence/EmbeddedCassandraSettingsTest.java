package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedCassandraSettingsTest {
    private static final Config BLOCK = ConfigFactory.load(ConfigFactory.parseResources("ardoise-persistence.conf"))
            .getConfig("ardoise.embedded-cassandra");

    @Test
    void the_conf_files_block_gives_the_development_defaults_and_the_librarys_heap() {
        EmbeddedCassandra.Settings settings = EmbeddedCassandra.Settings.from(BLOCK);
        assertEquals(Path.of(".run/cassandra").toAbsolutePath().normalize(), settings.dataDir());
        assertEquals(9042, settings.cqlPort());
        assertEquals(7000, settings.storagePort());
        assertEquals(EmbeddedCassandra.Settings.DEFAULT_HEAP_MB, settings.heapMb());
    }

    @Test
    void a_heap_that_is_set_is_used() {
        Config block = ConfigFactory.parseString("heap-mb = 512, port = 19042").withFallback(BLOCK);
        EmbeddedCassandra.Settings settings = EmbeddedCassandra.Settings.from(block);
        assertEquals(512, settings.heapMb());
        assertEquals(19042, settings.cqlPort());
    }
}
