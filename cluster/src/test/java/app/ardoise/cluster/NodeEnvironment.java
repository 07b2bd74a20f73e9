package app.ardoise.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.util.Map;

/** The node's configuration as a process with exactly these environment variables would load it. */
final class NodeEnvironment {
    private NodeEnvironment() {}

    static Config load(Map<String, String> env) {
        // HOCON looks ${?VAR} up in the configuration first, as the path VAR, and only then in the process
        // environment: the map at the root stands for the environment, and the test JVM's own is not read.
        return ConfigFactory.parseMap(env)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }
}
