package app.ardoise.protocol.whiteboard;

import java.util.function.Function;

/** A last-writer-wins register: holds the value of the write with the greatest stamp. */
record Register<V>(Stamp stamp, V value) {

    /**
     * The register left after {@code incoming} meets {@code current} (null when never written).
     * Equal stamps come from the same op applied twice or from a client that reused a clock; the
     * greater canonical value then wins so that every replica still keeps the same one. Returns
     * {@code current} itself when the incoming write loses, so callers detect change by identity.
     */
    static <V> Register<V> max(Register<V> current, Register<V> incoming, Function<V, String> canonical) {
        if (current == null) {
            return incoming;
        }
        int order = incoming.stamp.compareTo(current.stamp);
        if (order == 0) {
            order = canonical.apply(incoming.value).compareTo(canonical.apply(current.value));
        }
        return order > 0 ? incoming : current;
    }

    /** Liveness registers: "dead" sorts after "alive", so a delete wins a tie. */
    static String life(Boolean alive) {
        return alive ? "alive" : "dead";
    }
}
