package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.discovery.ServiceDiscovery;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Test;

/**
 * pekko-versions.conf turns Pekko's version check off for one known mix: pekko-discovery behind the
 * rest. These tests keep that exception as narrow as the mix, and make it go when the mix goes.
 */
class PekkoVersionMixTest {
    /** The version in the manifest of the jar that holds {@code type}. */
    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        assertNotNull(version, "no Implementation-Version in the jar of " + type.getName());
        return version;
    }

    @Test
    void pekkoDiscoveryIsStillBehindPekko() {
        assertNotEquals(versionOf(ActorSystem.class), versionOf(ServiceDiscovery.class),
                "pekko-discovery now matches Pekko: delete cluster/src/main/resources/pekko-versions.conf and its"
                        + " includes, and use ${pekko.version} for pekko-discovery in the parent pom");
    }

    @Test
    void theOtherCoreModulesAreOnPekkosVersion() {
        String pekko = versionOf(ActorSystem.class);
        for (Class<?> module : new Class<?>[] {Cluster.class, RemoteActorRefProvider.class, Materializer.class}) {
            assertEquals(pekko, versionOf(module), "a second mix, which pekko-versions.conf must not hide: " + module);
        }
    }

    @Test
    void onlyTheNodesConfigurationAcceptsTheMix() {
        assertFalse(ConfigFactory.load().getBoolean("pekko.fail-mixed-versions"), "the node's application.conf");
        assertTrue(ConfigFactory.defaultReference().getBoolean("pekko.fail-mixed-versions"),
                "a reference.conf on the classpath turned the check off for every actor system");
        assertThrows(IllegalStateException.class, () -> ActorSystem.create("unexcused",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.defaultReference())));
    }
}
