package app.ardoise.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An embedded Cassandra's directory: its data, and the files that start it, rewritten at every
 * start so that a directory can be reused with other ports and keeps its data.
 */
record DataDir(Path root) {
    private static final String LAUNCHER_CLASS = ExitWithParent.class.getName().replace('.', '/') + ".class";

    Path yaml() {
        return root.resolve("cassandra.yaml");
    }

    Path logbackConfig() {
        return root.resolve("logback.xml");
    }

    /** A class directory holding only {@link ExitWithParent}, for the child's classpath. */
    Path launcherClasses() {
        return root.resolve("launcher");
    }

    /** The child's stdout and stderr, from its latest start. */
    Path log() {
        return root.resolve("cassandra.log");
    }

    void write(int cqlPort, int storagePort) {
        try {
            Files.createDirectories(root);
            Files.writeString(yaml(), Resources.template("ardoise/cassandra/cassandra.yaml", Map.of(
                    "dir", yamlQuoted(root.toString()),
                    "native_transport_port", Integer.toString(cqlPort),
                    "storage_port", Integer.toString(storagePort))));
            Files.writeString(logbackConfig(), Resources.text("ardoise/cassandra/logback.xml"));
            // Only this class: the application's own jar on Cassandra's classpath could bring a second
            // Netty or Guava (if it were ever shaded), which is what the child JVM exists to avoid.
            Path launcher = launcherClasses().resolve(LAUNCHER_CLASS);
            Files.createDirectories(launcher.getParent());
            Files.write(launcher, Resources.bytes(LAUNCHER_CLASS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Cassandra's directory " + root, e);
        }
    }

    /** The inside of a double-quoted YAML scalar. */
    private static String yamlQuoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
