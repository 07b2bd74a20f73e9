package app.ardoise.cluster.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table of a keyspace, read with the Java driver, searched for a text: in text columns, in
 * collections, and as UTF-8 bytes inside blobs (a serialized event or snapshot). Tables are listed from
 * system_schema, so a table added later is searched too.
 */
public final class KeyspaceScan {
    private KeyspaceScan() {
    }

    /** "table: row" for each row that mentions one of {@code needles}. */
    public static List<String> mentions(CqlSession cql, String keyspace, Collection<String> needles) {
        List<String> found = new ArrayList<>();
        for (Row table : cql.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)) {
            String name = table.getString("table_name");
            for (Row row : cql.execute("SELECT * FROM " + keyspace + "." + name)) {
                for (int column = 0; column < row.getColumnDefinitions().size(); column++) {
                    Object value = row.getObject(column);
                    for (String needle : needles) {
                        if (mentions(value, needle)) {
                            found.add(name + ": " + row.getFormattedContents() + " mentions " + needle);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean mentions(Object value, String needle) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return indexOf(bytes, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> mentions(entry.getKey(), needle) || mentions(entry.getValue(), needle));
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().anyMatch(element -> mentions(element, needle));
        }
        return value != null && String.valueOf(value).contains(needle);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int at = 0; at + needle.length <= haystack.length; at++) {
            if (Arrays.equals(haystack, at, at + needle.length, needle, 0, needle.length)) {
                return at;
            }
        }
        return -1;
    }
}
