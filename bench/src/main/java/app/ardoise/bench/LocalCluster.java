package app.ardoise.bench;

import app.ardoise.protocol.v1.ClusterResponse;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A local cluster made by bin/ardoise-cluster (node i serves HTTP on 8080 + i), as the cluster benches drive it. */
final class LocalCluster {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalCluster() {
    }

    /** Runs {@code bin/ardoise-cluster command [node]}; a negative node is left out (add, status). */
    static void script(String command, int node) throws Exception {
        List<String> line = new ArrayList<>(List.of("bin/ardoise-cluster", command));
        if (node >= 0) {
            line.add(Integer.toString(node));
        }
        Process process = new ProcessBuilder(line).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(line + " failed");
        }
    }

    static String base(int node) {
        return "http://127.0.0.1:" + (8080 + node);
    }

    /** GET /api/v1/cluster from node 0. */
    static ClusterResponse cluster(String apiKey) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base(0) + "/api/v1/cluster"))
                .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
        ClusterResponse.Builder cluster = ClusterResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), cluster);
        return cluster.build();
    }

    static void await(int seconds, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + seconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
