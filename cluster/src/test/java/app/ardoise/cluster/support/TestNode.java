package app.ardoise.cluster.support;

import app.ardoise.cluster.ArdoiseServer;
import app.ardoise.persistence.CassandraSettings;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.CreateRoomResponse;
import com.google.protobuf.util.JsonFormat;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A real Ardoise node on a free port, backed by the test run's real Cassandra. */
public final class TestNode implements AutoCloseable {
    public static final String API_KEY = "test-api-key-0123";
    public static final String TOKEN_SECRET = "test-token-secret-0123456789";
    /** The BigBlueButton-compatible API's shared secret (BbbApiTest). */
    public static final String BBB_SECRET = "test-bbb-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestNode shared;

    private final ArdoiseServer server;
    private final String keyspace;

    private TestNode(String keyspace, String extraConfig) {
        this.keyspace = keyspace;
        // As in production, the schema exists before the node starts: the snapshot store reads its
        // table on every room's recovery, before anything would have auto-created it.
        try (var session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
        }
        this.server = ArdoiseServer.start(config(keyspace, extraConfig));
    }

    /** One node for the whole test JVM: tests use their own rooms, so they do not disturb each other. */
    public static synchronized TestNode shared() {
        if (shared == null) {
            shared = new TestNode(TestCassandra.freshKeyspace(), "");
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A node of its own, e.g. to stop and restart on the same keyspace. */
    public static TestNode start(String keyspace, String extraConfig) {
        return new TestNode(keyspace, extraConfig);
    }

    static Config config(String keyspace, String extraConfig) {
        return ConfigFactory.parseString(extraConfig)
                .withFallback(ConfigFactory.parseString("""
                        ardoise.http.port = 0
                        ardoise.auth.api-key = "%s"
                        ardoise.auth.token-secret = "%s"
                        ardoise.bbb.secret = "%s"
                        pekko.remote.artery.canonical.port = 0
                        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                        # Tests talk to a node at once; WarmUpTest turns it on.
                        ardoise.warm-up.connections = 0
                        """.formatted(API_KEY, TOKEN_SECRET, BBB_SECRET)))
                .withFallback(CassandraSettings.overlay(TestCassandra.shared().contactPoint(), keyspace, true))
                .withFallback(ConfigFactory.load())
                .resolve();
    }

    public String keyspace() {
        return keyspace;
    }

    /** The node's actor system, e.g. to write a journal as an older version would have. */
    public org.apache.pekko.actor.typed.ActorSystem<Void> system() {
        return server.system();
    }

    public int port() {
        return server.port();
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI webSocket(String roomId, String token) {
        return URI.create("ws://127.0.0.1:" + port() + "/ws/rooms/" + roomId + "?token=" + token);
    }

    public CreateRoomResponse createRoom(String title) {
        HttpResponse<String> response = post("/api/v1/rooms", "{\"title\":\"" + title + "\"}", API_KEY);
        if (response.statusCode() != 201) {
            throw new AssertionError("room not created: " + response.statusCode() + " " + response.body());
        }
        try {
            CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
            JsonFormat.parser().merge(response.body(), created);
            return created.build();
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + response.body(), e);
        }
    }

    public HttpResponse<String> post(String path, String json, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(http(path)).GET().build());
    }

    /** A GET with these headers, given as name, value, name, value... */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A GET with these headers whose body is kept as bytes (a compressed one, say). */
    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed: " + path, e);
        }
    }

    /** A POST of these bytes with these headers, given as name, value, name, value... */
    public HttpResponse<String> postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A GET with the API key. */
    public HttpResponse<String> send(String path, String apiKey) {
        return send(HttpRequest.newBuilder(http(path)).header("Authorization", "Bearer " + apiKey).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP request failed: " + request.uri(), e);
        }
    }

    public WsClient connect(String roomId, String token) {
        return WsClient.connect(webSocket(roomId, token));
    }

    @Override
    public void close() {
        server.close();
    }
}
