package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.SampleStrokes;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A board of N shapes, and what it costs to bring back. {@code --phase fill} creates a class and has
 * its teacher draw N pen strokes in batches, then records the class in {@code --state};
 * {@code --phase join} (run against a node just restarted, so the class is recovered from Cassandra on
 * this join) times a student's join until the Welcome, and prints the board's size in it: the same
 * WhiteboardDocument the room's snapshot holds.
 */
public final class BoardRecovery {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        RoomApi api = RoomApi.from(options);
        Path state = Path.of(options.string("state", ".run/bench/board-room.pb"));
        switch (options.string("phase", "")) {
            case "fill" -> fill(api, state, options.integer("shapes", 10_000), options.integer("batch", 100));
            case "join" -> join(api, CreateRoomResponse.parseFrom(Files.readAllBytes(state)));
            default -> throw new IllegalArgumentException("--phase fill|join");
        }
        System.exit(0);
    }

    private static void fill(RoomApi api, Path state, int shapes, int perBatch) throws Exception {
        CreateRoomResponse room = api.create("board " + shapes);
        DrawingTeacher teacher = new DrawingTeacher(api, room);
        Welcome welcome = teacher.welcome();
        LocalAuthor author = new LocalAuthor(welcome.getParticipantId(),
                WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
        String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
        long started = System.nanoTime();
        for (int drawn = 0; drawn < shapes; drawn += perBatch) {
            WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
            for (int i = drawn; i < Math.min(shapes, drawn + perBatch); i++) {
                batch.addOps(author.stamp(SampleStrokes.stroke(author.newId(), page, i)));
            }
            teacher.draw(batch.build(), "batch at shape " + drawn);
        }
        System.out.printf(Locale.ROOT, "drew %d shapes in batches of %d in %.1f s%n",
                shapes, perBatch, (System.nanoTime() - started) / 1e9);
        teacher.close();
        Files.write(state, room.toByteArray());
    }

    private static void join(RoomApi api, CreateRoomResponse room) throws Exception {
        String token = room.getStudent().getToken();
        double[] before = api.joinLatency();
        long started = System.nanoTime();
        BenchClient student = new BenchClient(frame -> { }, () -> { });
        Welcome welcome = student.connectAndJoin(HttpClient.newHttpClient(), api.webSocket(room, token), token, "late")
                .get(120, TimeUnit.SECONDS);
        double millis = (System.nanoTime() - started) / 1e6;
        double[] after = api.joinLatency();
        double serverMillis = after[0] > before[0] ? (after[1] - before[1]) / (after[0] - before[0]) * 1e3 : Double.NaN;
        WhiteboardDoc board = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
        System.out.printf(Locale.ROOT, "join to Welcome: %.0f ms at the client, %.0f ms in the node;"
                        + " board: %d shapes, %d bytes in the Welcome%n",
                millis, serverMillis, board.liveShapeCount(welcome.getRoom().getWhiteboard().getPages(0).getPageId()),
                welcome.getRoom().getWhiteboard().getSerializedSize());
        student.close();
    }
}
