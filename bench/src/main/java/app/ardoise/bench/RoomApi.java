package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Creates classes through the server's REST API, as a teacher's tool would. */
final class RoomApi {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String apiKey;

    RoomApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** The server named by {@code --url} and {@code --api-key} (default: ARDOISE_API_KEY). */
    static RoomApi from(Options options) {
        return new RoomApi(options.string("url", "http://127.0.0.1:8080"),
                options.string("api-key", System.getenv().getOrDefault("ARDOISE_API_KEY", "")));
    }

    /**
     * Creates a class; a 5xx (the node's ask timed out while busy, say) is tried again twice, after 1 s and
     * 2 s, so that setting up a big fleet on a loaded machine does not end the whole run.
     */
    CreateRoomResponse create(String title) throws Exception {
        return create(title, 0);
    }

    /** @param maxParticipants the class's own limit of students; 0 for the node's default */
    CreateRoomResponse create(String title, int maxParticipants) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return createOnce(title, maxParticipants);
            } catch (ServerError e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.println("retrying after " + e.getMessage());
                Thread.sleep(1000L * attempt);
            }
        }
    }

    private static final class ServerError extends IllegalStateException {
        ServerError(String message) {
            super(message);
        }
    }

    private CreateRoomResponse createOnce(String title, int maxParticipants) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rooms"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\""
                        + (maxParticipants > 0 ? ",\"maxParticipants\":" + maxParticipants : "") + "}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new ServerError("POST /api/v1/rooms: " + response.statusCode() + " " + response.body());
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/v1/rooms: " + response.statusCode() + " " + response.body());
        }
        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), created);
        return created.build();
    }

    /**
     * The node's own count and total of join-to-Welcome times ({@code ardoise_join_latency} on /metrics): two
     * readings apart give the server's side of the joins between them, without the client's.
     */
    double[] joinLatency() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] countAndSeconds = new double[2];
        for (String line : metrics.split("\n")) {
            if (line.startsWith("ardoise_join_latency_seconds_count")) {
                countAndSeconds[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("ardoise_join_latency_seconds_sum")) {
                countAndSeconds[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return countAndSeconds;
    }

    URI webSocket(CreateRoomResponse room, String token) {
        return webSocket(room.getRoomId(), token);
    }

    /** Any room's WebSocket: a class's, or one of its breakout groups'. */
    URI webSocket(String roomId, String token) {
        return URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/rooms/" + roomId + "?token=" + token);
    }
}
