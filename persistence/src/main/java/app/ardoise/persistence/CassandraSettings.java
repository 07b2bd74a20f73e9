package app.ardoise.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
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
    private static final String CONTACT_POINTS_PATH = "ardoise.cassandra.contact-points";

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
     * The contact points of {@code config} as the driver needs them, a list: the environment can only
     * give one string ("host:port,host:port"). Empty when they already are a list.
     *
     * @throws IllegalArgumentException when the string names none, which would leave the journal nowhere to go
     */
    public static Config contactPointsOverlay(Config config) {
        if (config.getValue(CONTACT_POINTS_PATH).valueType() != ConfigValueType.STRING) {
            return ConfigFactory.empty();
        }
        List<String> points = Arrays.stream(config.getString(CONTACT_POINTS_PATH).split(","))
                .map(String::strip)
                .filter(point -> !point.isEmpty())
                .toList();
        if (points.isEmpty()) {
            throw new IllegalArgumentException(CONTACT_POINTS_PATH + " (ARDOISE_CASSANDRA_CONTACT_POINTS) names no host:port");
        }
        return contactPoints(points);
    }

    private static Config contactPoints(List<String> contactPoints) {
        return ConfigFactory.parseMap(Map.of(
                CONTACT_POINTS_PATH, contactPoints,
                "datastax-java-driver.basic.contact-points", contactPoints));
    }
}
