package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ReplayPage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads the whole journal of the class BoardRecovery filled, as the replay page does (every page of
 * GET /api/v1/rooms/{id}/replay, gzip accepted), {@code --runs} times: pages, events, bytes on the wire and
 * unpacked, and the time of each whole read.
 */
public final class ReplayRead {
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CreateRoomResponse room = CreateRoomResponse.parseFrom(Files.readAllBytes(Path.of(options.string("state", ".run/bench/board-room.pb"))));
        String url = options.string("url", "http://127.0.0.1:8090");
        String key = options.string("api-key", "");
        HttpClient http = HttpClient.newHttpClient();
        for (int run = 1; run <= options.integer("runs", 5); run++) {
            long started = System.nanoTime();
            long after = 0;
            long wire = 0;
            long unpacked = 0;
            int pages = 0;
            int events = 0;
            do {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rooms/" + room.getRoomId() + "/replay?after=" + after))
                        .header("Authorization", "Bearer " + key).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("replay answered " + response.statusCode() + ": " + new String(response.body()));
                }
                byte[] body = response.body();
                boolean gzip = response.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
                byte[] bytes = gzip ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
                ReplayPage page = ReplayPage.parseFrom(bytes);
                wire += body.length;
                unpacked += bytes.length;
                pages++;
                events += page.getEventsCount();
                after = page.getNextAfter();
            } while (after != 0);
            System.out.printf(Locale.ROOT, "run %d: %d pages, %d events, %.0f KiB on the wire (%.0f KiB unpacked) in %.0f ms%n",
                    run, pages, events, wire / 1024.0, unpacked / 1024.0, (System.nanoTime() - started) / 1e6);
        }
    }
}
