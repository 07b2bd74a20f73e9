package app.ardoise.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates the keyspace and tables that pekko-persistence-cassandra uses, the sign-in's, the teachers' class index, the classes' documents and their own retention, from the CQL files in
 * {@code ardoise/cassandra/schema}. Every statement is IF NOT EXISTS, so installing again (or on a
 * schema the journal created itself) changes nothing. Production installs the schema this way, once,
 * rather than letting the first node that starts create it.
 *
 * <p>As a program, run on the node's classpath, it installs the schema that the node's configuration
 * describes: {@code ardoise-persistence.conf} as its application.conf includes it, with the
 * ARDOISE_CASSANDRA_* environment variables of its environment.conf.
 */
public final class SchemaInstaller {
    private static final List<String> FILES = List.of("keyspace.cql", "journal.cql", "snapshot.cql", "sign-in.cql",
            "classes.cql", "bbb.cql", "documents.cql", "retention.cql", "recordings.cql", "attendance.cql");
    /** Unquoted CQL identifiers; at most 48 characters is Cassandra's limit for keyspace names. */
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    private SchemaInstaller() {
    }

    public static void install(CqlSession session, String keyspace, Replication replication) {
        for (String statement : statements(keyspace, replication)) {
            session.execute(statement);
        }
    }

    /** The statements {@link #install} runs, in order, e.g. to review or to paste into cqlsh. */
    public static List<String> statements(String keyspace, Replication replication) {
        if (!KEYSPACE.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("not a keyspace name: " + keyspace);
        }
        Map<String, String> values = Map.of("keyspace", keyspace, "replication", replication.toCql());
        return FILES.stream()
                .map(file -> Resources.template("ardoise/cassandra/schema/" + file, values))
                .flatMap(SchemaInstaller::split)
                .toList();
    }

    public static void main(String[] args) {
        Config loaded = ConfigFactory.load();
        Config config = CassandraSettings.contactPointsOverlay(loaded).withFallback(loaded);
        Config cassandra = config.getConfig("ardoise.cassandra");
        String keyspace = cassandra.getString("keyspace");
        Replication replication = Replication.fromConfig(cassandra);
        try (CqlSession session = CqlSessions.open(cassandra.getStringList("contact-points"),
                cassandra.getString("datacenter"))) {
            install(session, keyspace, replication);
        }
        System.out.println("schema installed in keyspace " + keyspace + " with replication " + replication.toCql());
    }

    /** The files hold no semicolon but the ones ending statements, and only whole-line comments. */
    private static Stream<String> split(String file) {
        String code = file.lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(code.split(";")).map(String::strip).filter(statement -> !statement.isEmpty());
    }
}
