package app.ardoise.cluster.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LAN of the test's own for node JVMs: each node in a network namespace of its own, its {@code eth0} on a bridge
 * that lives in one more namespace, so that iptables rules inside a node's namespace cut it off from the others
 * like a pulled cable would, while the machine's rules stay untouched. The one device in the machine's namespace
 * is a veth end with an address of the network's private 10.231.x.0/24 ({@link #gateway()}), so that the test JVM
 * (its clients, its Cassandra forwarder) reaches the nodes; it goes with the bridge's namespace. Everything is
 * deleted at {@link #close()}, and by a shutdown hook should the test JVM stop before. Needs root, iproute2 and
 * iptables (bin/test installs them).
 */
public final class NodeNetwork implements AutoCloseable {
    private final String prefix;
    private final int subnet;
    private final int nodes;
    private final List<String> namespaces = new ArrayList<>();
    private final String hostEnd;
    private final Thread cleanUp;

    private NodeNetwork(int nodes) {
        long pid = ProcessHandle.current().pid();
        this.prefix = "ardoise-lan-" + pid;
        // One subnet per test JVM, so that two runs on one machine never share addresses.
        this.subnet = (int) (pid % 200) + 20;
        this.nodes = nodes;
        // Interface names hold 15 characters at most.
        this.hostEnd = "ardlan" + pid % 1_000_000;
        this.cleanUp = new Thread(this::delete, "delete-" + prefix);
    }

    /** Makes the bridge's namespace and {@code nodes} node namespaces on it. */
    public static NodeNetwork create(int nodes) {
        deleteLeftovers();
        NodeNetwork network = new NodeNetwork(nodes);
        Runtime.getRuntime().addShutdownHook(network.cleanUp);
        try {
            network.build();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private void build() {
        String bridge = namespace("bridge");
        run("ip", "netns", "add", bridge);
        namespaces.add(bridge);
        inside(bridge, "ip", "link", "set", "lo", "up");
        inside(bridge, "ip", "link", "add", "br0", "type", "bridge");
        inside(bridge, "ip", "link", "set", "br0", "up");
        inside(bridge, "ip", "link", "add", "host", "type", "veth", "peer", "name", hostEnd,
                "netns", Long.toString(ProcessHandle.current().pid()));
        attach(bridge, "host");
        run("ip", "addr", "add", gateway() + "/24", "dev", hostEnd);
        run("ip", "link", "set", hostEnd, "up");
        for (int node = 0; node < nodes; node++) {
            String space = namespace("node" + node);
            run("ip", "netns", "add", space);
            namespaces.add(space);
            inside(space, "ip", "link", "set", "lo", "up");
            inside(space, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "node" + node, "netns", bridge);
            inside(space, "ip", "addr", "add", address(node) + "/24", "dev", "eth0");
            inside(space, "ip", "link", "set", "eth0", "up");
            attach(bridge, "node" + node);
        }
    }

    /** The address of node {@code node} (0-based) on this network. */
    public String address(int node) {
        return "10.231." + subnet + "." + (node + 1);
    }

    /** The test JVM's address on this network: where the nodes reach the clients' side and Cassandra. */
    public String gateway() {
        return "10.231." + subnet + ".100";
    }

    /** The command prefix that runs a program inside node {@code node}'s namespace. */
    public List<String> launcher(int node) {
        return List.of("ip", "netns", "exec", namespace("node" + node));
    }

    /**
     * Cuts node {@code node} off from every other node, both ways, at its own firewall: it still reaches
     * Cassandra and its clients, as a node behind a failed switch port of the cluster's LAN would not, but as a
     * node cut from its peers by a partition between racks would, the harder case for a journal.
     */
    public void isolate(int node) {
        String space = namespace("node" + node);
        for (int other = 0; other < nodes; other++) {
            if (other != node) {
                inside(space, "iptables", "-A", "INPUT", "-s", address(other), "-j", "DROP");
                inside(space, "iptables", "-A", "OUTPUT", "-d", address(other), "-j", "DROP");
            }
        }
    }

    /** Removes node {@code node}'s rules: the partition heals. */
    public void heal(int node) {
        String space = namespace("node" + node);
        inside(space, "iptables", "-F", "INPUT");
        inside(space, "iptables", "-F", "OUTPUT");
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException alreadyStopping) {
            // The hook is running or has run: nothing left to delete.
        }
    }

    /** Deleting a namespace takes its devices and rules with it; the host's veth end goes with its peer. */
    private synchronized void delete() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            quietly("ip", "netns", "del", namespaces.get(i));
        }
        namespaces.clear();
        quietly("ip", "link", "del", hostEnd);
    }

    /** The namespaces of test JVMs that were killed before their shutdown hook could run. */
    private static void deleteLeftovers() {
        String listed = output("ip", "netns", "list");
        Matcher leftover = Pattern.compile("(?m)^(ardoise-lan-(\\d+)-\\w+)").matcher(listed);
        while (leftover.find()) {
            long pid = Long.parseLong(leftover.group(2));
            if (ProcessHandle.of(pid).isEmpty()) {
                quietly("ip", "netns", "del", leftover.group(1));
                quietly("ip", "link", "del", "ardlan" + pid % 1_000_000);
            }
        }
    }

    private String namespace(String role) {
        return prefix + "-" + role;
    }

    private static void attach(String bridge, String device) {
        inside(bridge, "ip", "link", "set", device, "master", "br0");
        inside(bridge, "ip", "link", "set", device, "up");
    }

    private static void inside(String namespace, String... command) {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        args.addAll(List.of(command));
        run(args.toArray(String[]::new));
    }

    private static void run(String... command) {
        Outcome outcome = exec(command);
        if (!outcome.ok()) {
            throw new IllegalStateException(String.join(" ", command) + ": " + outcome.said()
                    + " (as root, with iproute2 and iptables installed)");
        }
    }

    private static void quietly(String... command) {
        exec(command);
    }

    /** What the command printed; empty if it failed. */
    private static String output(String... command) {
        Outcome outcome = exec(command);
        return outcome.ok() ? outcome.said() : "";
    }

    private record Outcome(boolean ok, String said) {}

    private static Outcome exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(false, "did not finish within 30 s");
            }
            return process.exitValue() == 0 ? new Outcome(true, output)
                    : new Outcome(false, "exit " + process.exitValue() + ": " + output);
        } catch (IOException e) {
            return new Outcome(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }
}
