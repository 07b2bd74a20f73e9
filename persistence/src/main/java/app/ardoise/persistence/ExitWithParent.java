package app.ardoise.persistence;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * The child JVM's main class: runs Cassandra, and stops it when the launching JVM is gone.
 *
 * <p>The launcher's shutdown hook stops Cassandra when the launcher exits or is interrupted, but
 * nothing runs in a JVM that is SIGKILLed (a test fork killed on timeout, an IDE's stop button, the
 * OOM killer), and Cassandra would be left holding its ports and data directory. The launcher keeps
 * this JVM's stdin open and never writes to it; the system closes it when the launcher dies,
 * however it dies, and the read below then returns end-of-file.
 *
 * <p>The launcher copies this one class file next to Cassandra's classpath, so it must stay a
 * single class that needs nothing but the JDK.
 */
public final class ExitWithParent {
    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is ever sent; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe is the launcher going away too.
            }
            System.exit(0); // Runs Cassandra's own shutdown hook, which flushes its memtables.
        }, "exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName("org.apache.cassandra.service.CassandraDaemon")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
