package app.ardoise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the server process from outside: CPU time and RSS from /proc, live heap through jcmd after a full GC. */
final class ServerProbe {
    /**
     * One line per heap space with its total and used: one line for G1, two (young, old) for the parallel
     * collector; the Metaspace lines have no total and are not heap.
     */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    /** ZGC has one space and counts it in MiB. */
    private static final Pattern Z_USED = Pattern.compile("ZHeap\\s+used (\\d+)M");
    private static final long TICKS_PER_SECOND = 100;
    /** "   1:   12345   678900  java.lang.String (java.base@17)": instances, bytes, class. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    private final long pid;

    ServerProbe(long pid) {
        this.pid = pid;
    }

    boolean present() {
        return pid > 0;
    }

    /** User + system CPU seconds the server has used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
    }

    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /**
     * Heap in use after a full collection: what live objects, such as idle connections, really hold. Every
     * space counts: with the parallel collector the first line is the young generation alone, nearly empty
     * after a full collection, and reading only it (as this probe did before issue 7) missed the old one.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = USED.matcher(info);
        long kib = 0;
        boolean found = false;
        while (used.find()) {
            kib += Long.parseLong(used.group(1));
            found = true;
        }
        Matcher zUsed = Z_USED.matcher(info);
        if (zUsed.find()) {
            kib += Long.parseLong(zUsed.group(1)) * 1024;
            found = true;
        }
        if (!found) {
            throw new IOException("jcmd GC.heap_info printed neither 'total ..K, used ..K' nor 'ZHeap used ..M': " + info);
        }
        return kib * 1024;
    }

    /**
     * Live bytes by class (jcmd GC.class_histogram, which collects first): diffed before and after the
     * joins, it shows what a connection is made of.
     */
    Map<String, Long> classHistogram() throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(jcmd("GC.class_histogram"));
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
