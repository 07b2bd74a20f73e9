package app.ardoise.persistence;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of the child JVM that runs Cassandra. */
final class CassandraCommand {
    private static final String CLASSPATH_RESOURCE = "ardoise/cassandra/classpath.txt";
    private static final String JVM_OPTIONS_RESOURCE = "ardoise/cassandra/jvm17-server.options";
    /**
     * Cassandra mlockall()s its memory at start: a heap committed in full from the start (-Xms equal
     * to -Xmx) makes that take seconds, so the heap starts at this size and grows when needed.
     */
    private static final int INITIAL_HEAP_MB = 256;

    private CassandraCommand() {
    }

    static List<String> of(EmbeddedCassandra.Settings settings, DataDir dir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + Math.min(INITIAL_HEAP_MB, settings.heapMb()) + "m");
        command.add("-Xmx" + settings.heapMb() + "m");
        command.addAll(jvmOptions());
        command.add("-Dcassandra.config=" + dir.yaml().toUri());
        command.add("-Dcassandra-foreground=yes");
        if (settings.jmxPort() != 0) {
            // Local JMX only (Cassandra binds it to 127.0.0.1 and asks no password): nodetool's way in.
            command.add("-Dcassandra.jmx.local.port=" + settings.jmxPort());
        }
        command.add("-Dlogback.configurationFile=" + dir.logbackConfig());
        command.add("-cp");
        command.add(dir.launcherClasses() + File.pathSeparator + cassandraClasspath());
        command.add(ExitWithParent.class.getName());
        return command;
    }

    /** nodetool, as Cassandra's own script runs it, for the JMX port given. */
    static List<String> nodetool(int jmxPort) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        // The client reaches into the same JDK internals as the server (Cassandra's jvm17-clients.options is a
        // subset of these).
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(cassandraClasspath());
        command.add("org.apache.cassandra.tools.NodeTool");
        command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(jmxPort)));
        return command;
    }

    private static List<String> jvmOptions() {
        return Resources.text(JVM_OPTIONS_RESOURCE).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** The jars of cassandra-all, as resolved by Maven when ardoise-cassandra-server was built. */
    private static String cassandraClasspath() {
        String classpath = Resources.text(CLASSPATH_RESOURCE).strip();
        List<String> missing = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(jar -> !Files.exists(Path.of(jar)))
                .toList();
        if (!missing.isEmpty()) {
            // The list names jars in the Maven repository of the machine that built it.
            throw new IllegalStateException(missing.size() + " of Cassandra's jars are not on this machine (e.g. "
                    + missing.get(0) + "); rebuild ardoise-cassandra-server here: "
                    + "mvn -pl persistence/cassandra-server install");
        }
        return classpath;
    }
}
