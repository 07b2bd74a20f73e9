package app.ardoise.cluster.signin;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The sign-in's tables (sign-in.cql, installed by SchemaInstaller), in the journal's keyspace, through the
 * journal's own Cassandra session. The session is looked up at the first use (the registry keeps it), as
 * JournalProbe does: a node nobody signs in to never connects for this.
 */
record SignInTables(ActorSystem<?> system, String keyspace) {
    CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }

    String table(String name) {
        return keyspace + "." + name;
    }
}
