package app.ardoise.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Driver sessions for administration (readiness probes, schema), apart from the journal's own session. */
public final class CqlSessions {
    /** The only datacenter of a Cassandra that uses SimpleSnitch, as the embedded one does. */
    public static final String SIMPLE_SNITCH_DATACENTER = "datacenter1";

    private static final int DEFAULT_CQL_PORT = 9042;

    private CqlSessions() {
    }

    /** A session on one node, e.g. {@code "127.0.0.1:9042"}, of a SimpleSnitch cluster. */
    public static CqlSession open(String contactPoint) {
        return open(List.of(contactPoint), SIMPLE_SNITCH_DATACENTER);
    }

    public static CqlSession open(List<String> contactPoints, String datacenter) {
        // A map-based configuration, not the Typesafe one: the application's datastax-java-driver
        // section (its contact points, profiles) must not leak into an administrative session.
        OptionsMap options = OptionsMap.driverDefaults();
        options.put(TypedDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, datacenter);
        // Schema changes on a fresh node take longer than the two-second default.
        options.put(TypedDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20));
        // Nothing here reads the schema or token metadata; not fetching them makes connecting quicker.
        options.put(TypedDriverOption.METADATA_SCHEMA_ENABLED, false);
        options.put(TypedDriverOption.METADATA_TOKEN_MAP_ENABLED, false);
        // These sessions do a few requests and close: the driver's default two-second wait for late
        // Netty tasks would double the time of a readiness probe. No wait at all makes Netty log errors
        // about notifications that arrive once the event loop is gone.
        options.put(TypedDriverOption.NETTY_IO_SHUTDOWN_UNIT, "MILLISECONDS");
        options.put(TypedDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 100);
        options.put(TypedDriverOption.NETTY_IO_SHUTDOWN_TIMEOUT, 15_000);
        options.put(TypedDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT, "MILLISECONDS");
        options.put(TypedDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 100);
        options.put(TypedDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT, 15_000);
        return CqlSession.builder()
                .addContactPoints(contactPoints.stream().map(CqlSessions::address).toList())
                .withConfigLoader(DriverConfigLoader.fromMap(options))
                .build();
    }

    /** {@code "host:port"}, or {@code "host"} for the default CQL port. */
    static InetSocketAddress address(String contactPoint) {
        int colon = contactPoint.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(contactPoint, DEFAULT_CQL_PORT);
        }
        return new InetSocketAddress(contactPoint.substring(0, colon), Integer.parseInt(contactPoint.substring(colon + 1)));
    }
}
