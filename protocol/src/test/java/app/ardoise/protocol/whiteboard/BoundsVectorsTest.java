package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the bounds cases shared with the TypeScript twin (web/whiteboard/test/bounds.test.ts): each
 * value, judged against its maxLamport, gives the recorded breach, code and reason, or none.
 */
class BoundsVectorsTest {
    static final Path FILE = Path.of("src/test/resources/whiteboard-bounds.json");

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsBreach() throws IOException {
        List<JsonObject> cases = new ArrayList<>();
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonArray()
                .forEach(element -> cases.add(element.getAsJsonObject()));
        // Both sides of every bound: a file emptied or one-sided by mistake must not pass.
        assertTrue(cases.stream().filter(c -> c.get("expected").isJsonNull()).count() >= 40);
        assertTrue(cases.stream().filter(c -> !c.get("expected").isJsonNull()).count() >= 60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("description").getAsString(), () -> run(c)));
    }

    private static void run(JsonObject testCase) throws InvalidProtocolBufferException {
        JsonElement value = testCase.get("value");
        Optional<Breach> actual = switch (testCase.get("kind").getAsString()) {
            case "op" -> WhiteboardLimits.check(parse(value, WhiteboardOp.newBuilder()).build(),
                    Long.parseUnsignedLong(testCase.get("maxLamport").getAsString()));
            case "liveStroke" -> WhiteboardLimits.check(parse(value, LiveStroke.newBuilder()).build());
            case "cursor" -> WhiteboardLimits.check(parse(value, Cursor.newBuilder()).build());
            default -> throw new AssertionError("unknown kind " + testCase.get("kind"));
        };
        JsonElement expected = testCase.get("expected");
        Optional<Breach> wanted = expected.isJsonNull() ? Optional.empty() : Optional.of(new Breach(
                expected.getAsJsonObject().get("code").getAsString(), expected.getAsJsonObject().get("reason").getAsString()));
        assertEquals(wanted, actual, testCase.get("description").getAsString());
    }

    private static <B extends Message.Builder> B parse(JsonElement json, B builder) throws InvalidProtocolBufferException {
        JsonFormat.parser().merge(json.toString(), builder);
        return builder;
    }
}
