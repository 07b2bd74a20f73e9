package app.ardoise.cluster.support;

import app.ardoise.persistence.FreePorts;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClusterMember;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.NodeClasses;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An Ardoise node in a JVM of its own, started like production starts one ({@code Main}, configured by
 * ARDOISE_* variables), on the test JVM's classpath and the shared test Cassandra, so it can be killed
 * for real ({@code kill -9}) or drained (SIGTERM).
 */
public final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final String host;
    private final int httpPort;
    private final int remotePort;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, String host, int httpPort, int remotePort, Process process, Path log) {
        this.name = name;
        this.host = host;
        this.httpPort = httpPort;
        this.remotePort = remotePort;
        this.process = process;
        this.log = log;
    }

    /**
     * Free ports for {@code count} nodes, {HTTP, remoting, management} each, all chosen before any node
     * starts: seed nodes and bootstrap contact points must be known up front.
     */
    public static List<int[]> ports(int count) {
        int[] free = FreePorts.pick(3 * count);
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(Arrays.copyOfRange(free, 3 * i, 3 * i + 3));
        }
        return ports;
    }

    /** Starts a node whose seeds are the given remoting ports; returns once it is running (not yet ready). */
    public static NodeProcess start(String name, int[] ports, List<Integer> seedPorts, String keyspace) {
        return start(name, ports, keyspace, Map.of("ARDOISE_SEED_NODES", seedPorts.stream()
                .map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","))));
    }

    /** As {@link #start(String, int[], List, String)}, with these variables set as well (a rotated secret, say). */
    public static NodeProcess start(String name, int[] ports, List<Integer> seedPorts, String keyspace, Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("ARDOISE_SEED_NODES", seedPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
        return start(name, ports, keyspace, env);
    }

    /**
     * Starts a node without seed nodes that finds the others by Cluster Bootstrap's config method, its
     * contact points the management ports (ports[2]) of {@code all}, on 127.0.0.1.
     */
    public static NodeProcess startBootstrapping(String name, int[] ports, List<int[]> all, String keyspace) {
        return start(name, ports, keyspace, Map.of(
                "ARDOISE_BOOTSTRAP", "config",
                "ARDOISE_MANAGEMENT_PORT", Integer.toString(ports[2]),
                "ARDOISE_BOOTSTRAP_CONTACT_POINTS", all.stream().map(node -> "127.0.0.1:" + node[2])
                        .collect(Collectors.joining(",")),
                "ARDOISE_BOOTSTRAP_REQUIRED_CONTACT_POINTS", Integer.toString(all.size())));
    }

    /**
     * A node of its own cluster (its own seed) logging as production does: through the main logback.xml
     * rather than the tests' logback-test.xml, with these variables set as well.
     */
    public static NodeProcess startLogging(String name, int[] ports, String keyspace, Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("ARDOISE_SEED_NODES", "127.0.0.1:" + ports[1]);
        return start(name, ports, keyspace, env,
                List.of("-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath()));
    }

    /**
     * A node on an address of a {@link NodeNetwork}, run by {@code launcher} (inside its namespace): it binds
     * its HTTP and remoting ports on {@code host}, its seeds are {@code seeds} ("host:port" each), and it uses
     * the Cassandra at {@code cassandra}.
     */
    public static NodeProcess startOn(String name, List<String> launcher, String host, int[] ports, List<String> seeds,
                                      String keyspace, String cassandra) {
        return start(name, launcher, host, ports, keyspace, Map.of(
                "ARDOISE_SEED_NODES", String.join(",", seeds),
                "ARDOISE_HTTP_HOST", host,
                "ARDOISE_REMOTE_HOST", host,
                "ARDOISE_CASSANDRA_CONTACT_POINTS", cassandra), List.of());
    }

    private static NodeProcess start(String name, int[] ports, String keyspace, Map<String, String> joining) {
        return start(name, ports, keyspace, joining, List.of());
    }

    private static NodeProcess start(String name, int[] ports, String keyspace, Map<String, String> joining,
                                     List<String> jvmOptions) {
        return start(name, List.of(), "127.0.0.1", ports, keyspace, joining, jvmOptions);
    }

    private static NodeProcess start(String name, List<String> launcher, String host, int[] ports, String keyspace,
                                     Map<String, String> joining, List<String> jvmOptions) {
        try {
            Path log = Files.createDirectories(Path.of("target", "nodes")).resolve(name + ".log");
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseParallelGC", "-XX:MetaspaceSize=192m", "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "app.ardoise.cluster.Main"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("ARDOISE_HTTP_PORT", Integer.toString(ports[0]));
            env.put("ARDOISE_REMOTE_PORT", Integer.toString(ports[1]));
            env.put("ARDOISE_PUBLIC_URL", "http://" + host + ":" + ports[0]);
            env.put("ARDOISE_API_KEY", TestNode.API_KEY);
            env.put("ARDOISE_TOKEN_SECRET", TestNode.TOKEN_SECRET);
            // One short wave: every node start still runs the warm-up before it is ready, without the
            // production-sized one's seconds.
            env.put("ARDOISE_WARM_UP_CONNECTIONS", "10");
            env.keySet().removeIf(variable -> variable.startsWith("ARDOISE_BOOTSTRAP")
                    || variable.startsWith("ARDOISE_MANAGEMENT") || variable.equals("ARDOISE_SEED_NODES"));
            env.putAll(joining);
            // The tests' shared Cassandra, unless the node is given another (a restored backup's).
            if (!joining.containsKey("ARDOISE_CASSANDRA_CONTACT_POINTS")) {
                env.put("ARDOISE_CASSANDRA_CONTACT_POINTS", TestCassandra.shared().contactPoint());
            }
            env.put("ARDOISE_CASSANDRA_KEYSPACE", keyspace);
            env.remove("ARDOISE_EMBEDDED_CASSANDRA");
            return new NodeProcess(name, host, ports[0], ports[1], builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node " + name, e);
        }
    }

    /** A fresh keyspace of the shared Cassandra with the schema installed, as an operator does before the nodes start. */
    public static String installedKeyspace() {
        String keyspace = TestCassandra.freshKeyspace();
        try (var session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
        }
        return keyspace;
    }

    /**
     * Waits until each of these nodes sees all of them Up and taking classes. A node is ready (/health/ready) a
     * report or two before placement sends it classes, so a test that means its classes spread over the nodes
     * waits for this, not for readiness.
     */
    public static void awaitTakingClasses(List<NodeProcess> nodes, Duration within) throws InterruptedException {
        Set<String> all = nodes.stream().map(NodeProcess::address).collect(Collectors.toSet());
        Eventually.awaitTrue(nodes.size() + " members Up, every one taking classes", within, () -> nodes.stream().allMatch(asked -> {
            ClusterResponse view = asked.cluster();
            return view.getMembersList().stream().filter(member -> member.getStatus().equals("Up"))
                    .map(ClusterMember::getAddress).collect(Collectors.toSet()).containsAll(all)
                    && view.getNodesList().stream().filter(NodeClasses::getTakesClasses)
                    .map(NodeClasses::getAddress).collect(Collectors.toSet()).containsAll(all);
        }));
    }

    /** GET /api/v1/cluster as this node sees it; empty while it does not answer (being killed, or starting). */
    public ClusterResponse cluster() {
        try {
            ClusterResponse.Builder cluster = ClusterResponse.newBuilder();
            JsonFormat.parser().merge(get("/api/v1/cluster").body(), cluster);
            return cluster.build();
        } catch (Exception e) {
            return ClusterResponse.getDefaultInstance();
        }
    }

    public void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // still starting
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(http(path)).header("Authorization", "Bearer " + TestNode.API_KEY).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(http(path))
                .header("Authorization", "Bearer " + TestNode.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public URI http(String path) {
        return URI.create("http://" + host + ":" + httpPort + path);
    }

    public URI webSocket(String roomId, String token) {
        return URI.create("ws://" + host + ":" + httpPort + "/ws/rooms/" + roomId + "?token=" + token);
    }

    public String address() {
        return "pekko://ardoise@" + host + ":" + remotePort;
    }

    public String name() {
        return name;
    }

    /** Where the node's standard output and error go. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no hand-off, no close frames. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the node drains (coordinated shutdown) and exits. */
    public void terminate() {
        process.destroy();
        waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
