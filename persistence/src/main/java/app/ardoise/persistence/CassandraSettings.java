package app.ardoise.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Config overlays for the Cassandra settings of {@code ardoise-persistence.conf}, to put in front of
 * an application's configuration.
 *
 * <p>They set the derived pekko-persistence-cassandra and driver keys themselves, not only the
 * {@code ardoise.cassandra} ones: a configuration from {@code ConfigFactory.load()} has already
 * resolved its substitutions, so changing {@code ardoise.cassandra.keyspace} in front of it would
 * no longer reach the journal.
 */
public final class CassandraSettings {
    /** Comma-separated {@code host:port} list; HOCON cannot turn one environment variable into a list. */
    public static final String CONTACT_POINTS_VARIABLE = "ARDOISE_CASSANDRA_CONTACT_POINTS";

    private CassandraSettings() {
    }

    /**
     * One Cassandra node, one keyspace for journal and snapshots, and whether the plugin creates that
     * keyspace and its tables itself (tests and development) or expects them (production).
     */
    public static Config overlay(String contactPoint, String keyspace, boolean autoCreate) {
        return contactPoints(List.of(contactPoint)).withFallback(ConfigFactory.parseMap(Map.of(
                "ardoise.cassandra.keyspace", keyspace,
                "ardoise.cassandra.auto-create", autoCreate,
                "pekko.persistence.cassandra.journal.keyspace", keyspace,
                "pekko.persistence.cassandra.journal.keyspace-autocreate", autoCreate,
                "pekko.persistence.cassandra.journal.tables-autocreate", autoCreate,
                "pekko.persistence.cassandra.snapshot.keyspace", keyspace,
                "pekko.persistence.cassandra.snapshot.keyspace-autocreate", autoCreate,
                "pekko.persistence.cassandra.snapshot.tables-autocreate", autoCreate)));
    }

    /**
     * The settings that the environment gives but HOCON cannot read: {@value #CONTACT_POINTS_VARIABLE}.
     * Empty when it is not set. (The other ARDOISE_CASSANDRA_* variables are read by the conf file.)
     */
    public static Config environmentOverlay(Map<String, String> env) {
        String contactPoints = env.get(CONTACT_POINTS_VARIABLE);
        if (contactPoints == null || contactPoints.isBlank()) {
            return ConfigFactory.empty();
        }
        return contactPoints(Arrays.stream(contactPoints.split(","))
                .map(String::strip)
                .filter(point -> !point.isEmpty())
                .toList());
    }

    private static Config contactPoints(List<String> contactPoints) {
        return ConfigFactory.parseMap(Map.of(
                "ardoise.cassandra.contact-points", contactPoints,
                "datastax-java-driver.basic.contact-points", contactPoints));
    }
}
