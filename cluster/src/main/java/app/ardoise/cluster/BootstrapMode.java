package app.ardoise.cluster;

import com.typesafe.config.Config;
import java.util.Locale;
import java.util.Optional;

/** How a node finds the other nodes of its cluster: {@code ardoise.bootstrap.mode}, set from ARDOISE_BOOTSTRAP. */
enum BootstrapMode {
    /** Seed nodes (ARDOISE_SEED_NODES), or a one-node cluster without them. */
    OFF(null),
    /** Cluster Bootstrap over a fixed list of management endpoints: Pekko Discovery's config method. */
    CONFIG("config"),
    /** Cluster Bootstrap over the pods that the Kubernetes API lists by label. */
    KUBERNETES("kubernetes-api");

    static final String PATH = "ardoise.bootstrap.mode";

    private final String discoveryMethod;

    BootstrapMode(String discoveryMethod) {
        this.discoveryMethod = discoveryMethod;
    }

    /** The Pekko Discovery method that Cluster Bootstrap uses to find contact points; none when off. */
    Optional<String> discoveryMethod() {
        return Optional.ofNullable(discoveryMethod);
    }

    static BootstrapMode from(Config config) {
        return parse(config.getString(PATH));
    }

    static BootstrapMode parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PATH + " (ARDOISE_BOOTSTRAP) must be off, config or kubernetes, not '"
                    + value + "'", e);
        }
    }
}
