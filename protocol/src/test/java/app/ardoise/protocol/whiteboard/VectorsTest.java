package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.ardoise.protocol.v1.WhiteboardBatch;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the vectors shared with the TypeScript twin (web/whiteboard): every listed order of the
 * batches must give the recorded digests, texts and snapshot. A vector without "expected" fails and prints
 * the block to paste, after checking by eye that the view says what the vector means.
 */
class VectorsTest {
    static final Path DIR = Path.of("src/test/resources/whiteboard-vectors");

    @TestFactory
    Stream<DynamicTest> everyVectorGivesItsDigestInEveryOrder() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(DIR)) {
            files = listing.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static void run(Path file) throws IOException {
        JsonObject vector = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        List<WhiteboardBatch> batches = new ArrayList<>();
        for (JsonElement batch : vector.getAsJsonArray("batches")) {
            batches.add(parse(batch));
        }
        for (JsonElement order : vector.getAsJsonArray("orders")) {
            WhiteboardDoc doc = new WhiteboardDoc();
            for (JsonElement index : order.getAsJsonArray()) {
                doc.apply(batches.get(index.getAsInt()));
            }
            JsonObject actual = expected(doc);
            if (!vector.has("expected")) {
                throw new AssertionError("no expected block in " + file.getFileName() + "; computed:\n" + actual);
            }
            JsonObject expected = vector.getAsJsonObject("expected");
            String where = file.getFileName() + " order " + order;
            assertEquals(expected.get("view"), actual.get("view"), where);
            assertEquals(expected.get("replica"), actual.get("replica"), where);
            assertEquals(expected.get("viewDigest"), actual.get("viewDigest"), where);
            assertEquals(expected.get("digest"), actual.get("digest"), where);
            assertEquals(expected.get("snapshot"), actual.get("snapshot"), where);
            assertEquals(doc.digest(), WhiteboardDoc.fromProto(doc.toProto()).digest(), where);
        }
    }

    private static WhiteboardBatch parse(JsonElement json) throws InvalidProtocolBufferException {
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        JsonFormat.parser().merge(json.toString(), batch);
        return batch.build();
    }

    private static JsonObject expected(WhiteboardDoc doc) throws InvalidProtocolBufferException {
        JsonObject block = new JsonObject();
        block.addProperty("digest", doc.digest());
        block.addProperty("viewDigest", doc.viewDigest());
        block.add("view", lines(doc.viewText()));
        block.add("replica", lines(DigestText.replica(doc)));
        // So that the TypeScript twin also proves it loads the room's snapshots.
        block.add("snapshot", JsonParser.parseString(JsonFormat.printer().print(doc.toProto())));
        return block;
    }

    private static JsonArray lines(String text) {
        JsonArray lines = new JsonArray();
        text.lines().forEach(lines::add);
        return lines;
    }
}
