package app.ardoise.cluster.placement;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One node's shard loads at one time, as it publishes them in distributed data: a string, which the cluster
 * already knows how to serialize, in the form {@code <millis>|<shard>=<load>,<shard>=<load>}.
 */
record LoadReport(long atMillis, Map<String, Long> loads) {
    LoadReport {
        loads = Map.copyOf(loads);
    }

    String encode() {
        return atMillis + "|" + loads.entrySet().stream()
                .map(load -> load.getKey() + "=" + load.getValue())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** @throws IllegalArgumentException for anything but what {@link #encode} writes */
    static LoadReport decode(String encoded) {
        int bar = encoded.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("no time in a load report: " + encoded);
        }
        Map<String, Long> loads = new HashMap<>();
        String body = encoded.substring(bar + 1);
        if (!body.isEmpty()) {
            for (String load : body.split(",")) {
                int equals = load.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("not a shard's load: " + load);
                }
                loads.put(load.substring(0, equals), Long.parseLong(load.substring(equals + 1)));
            }
        }
        return new LoadReport(Long.parseLong(encoded.substring(0, bar)), loads);
    }
}
