package app.ardoise.cluster.support;

import app.ardoise.persistence.testing.TestCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who wrote each class's journal, read from the rows themselves: every event row keeps its writer's uuid (one per
 * incarnation of the class) and a time-based uuid, and a sequence number written twice keeps both rows (the
 * timestamp is part of the key). A class that ran on both sides of a partition shows as a sequence number written
 * twice, a gap, a writer that comes back after another took over, or a writer that starts before the previous one's
 * last write.
 */
public final class WriterRuns {
    /** One row of a journal: its sequence number, the time in its time-based uuid, and its writer's uuid. */
    record Write(long seq, long timeMs, String writer) {}

    private static final Comparator<Write> BY_SEQ = Comparator.comparingLong(Write::seq).thenComparingLong(Write::timeMs);

    private WriterRuns() {
    }

    /** One line per sign of two writers in the journal of {@code keyspace}; empty when every class had one at a time. */
    public static List<String> overlaps(TestCassandra cassandra, String keyspace) {
        List<String> found = new ArrayList<>();
        journals(cassandra, keyspace).forEach((id, writes) -> found.addAll(overlaps(id, writes)));
        return found;
    }

    /**
     * The time (epoch ms) of the first write of the first writer that started after {@code afterMs}, in any class of
     * {@code keyspace}: when a class moved after a cut began, on its new node; 0 if none did.
     */
    public static long firstTakeOver(TestCassandra cassandra, String keyspace, long afterMs) {
        long first = Long.MAX_VALUE;
        for (List<Write> writes : journals(cassandra, keyspace).values()) {
            Set<String> seen = new HashSet<>();
            for (Write write : writes) {
                if (seen.add(write.writer()) && write.timeMs() > afterMs && write.seq() > 1) {
                    first = Math.min(first, write.timeMs());
                }
            }
        }
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** Each class's rows, by sequence number then time. */
    private static Map<String, List<Write>> journals(TestCassandra cassandra, String keyspace) {
        Map<String, List<Write>> journals = new TreeMap<>();
        try (CqlSession cql = cassandra.openSession()) {
            for (Row row : cql.execute("SELECT persistence_id, sequence_nr, timestamp, writer_uuid FROM " + keyspace + ".messages")) {
                journals.computeIfAbsent(row.getString("persistence_id"), id -> new ArrayList<>()).add(new Write(
                        row.getLong("sequence_nr"), Uuids.unixTimestamp(row.getUuid("timestamp")), row.getString("writer_uuid")));
            }
        }
        journals.values().forEach(writes -> writes.sort(BY_SEQ));
        return journals;
    }

    static List<String> overlaps(String id, List<Write> rows) {
        List<Write> writes = new ArrayList<>(rows);
        writes.sort(BY_SEQ);
        List<String> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Write previous = null;
        for (Write write : writes) {
            if (previous == null) {
                if (write.seq() != 1) {
                    found.add(id + " starts at " + write.seq());
                }
            } else if (write.seq() == previous.seq()) {
                found.add(id + ": " + write.seq() + " written by " + previous.writer() + " and " + write.writer());
            } else if (write.seq() != previous.seq() + 1) {
                found.add(id + ": nothing between " + previous.seq() + " and " + write.seq());
            }
            if (previous != null && !write.writer().equals(previous.writer())) {
                done.add(previous.writer());
                if (done.contains(write.writer())) {
                    found.add(id + ": " + write.writer() + " writes " + write.seq() + " after another writer took over");
                }
                if (write.timeMs() < previous.timeMs()) {
                    found.add(id + ": " + write.writer() + " wrote " + write.seq() + " before " + previous.writer()
                            + " wrote " + previous.seq());
                }
            }
            previous = write;
        }
        return found;
    }
}
