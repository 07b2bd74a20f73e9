package app.ardoise.cluster.ws;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;

/**
 * Actor systems for these tests, built from the libraries' defaults and the node's accepted Pekko version
 * mix only: the module's application.conf would make each one a cluster node on the application's remoting port.
 */
final class TestSystems {
    private TestSystems() {}

    static ActorSystem local(String name) {
        return local(name, "");
    }

    /** With {@code settings} (HOCON) over the defaults. */
    static ActorSystem local(String name, String settings) {
        return ActorSystem.create(name, ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
                .withFallback(ConfigFactory.parseResources("pekko-versions.conf"))
                .withFallback(ConfigFactory.defaultReference()));
    }
}
