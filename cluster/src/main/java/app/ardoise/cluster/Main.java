package app.ardoise.cluster;

import com.typesafe.config.ConfigFactory;

/** Starts a node from application.conf and the ARDOISE_* environment. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Only a real process exits when its node leaves the cluster (downed, or drained); tests keep their JVM.
        ArdoiseServer server = ArdoiseServer.start(ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")
                .withFallback(ConfigFactory.load()));
        server.system().log().info("Ardoise listening on port {}", server.port());
    }
}
