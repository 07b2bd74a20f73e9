package app.ardoise.cluster.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.protocol.v1.CreateRoomRequest;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The body of {@code POST /api/v1/rooms} as any client may send it (bin/fuzz json). ClassCreation answers 400 to
 * an InvalidProtocolBufferException and nothing else: any other exception would escape the route as a 500.
 */
class JsonBodiesFuzzTest {

    @FuzzTest
    void anyBodyParsesOrIsRefused(byte[] input) throws InvalidProtocolBufferException {
        String body = new String(input, UTF_8);
        CreateRoomRequest request;
        try {
            request = JsonBodies.parse(body, CreateRoomRequest.newBuilder()).build();
        } catch (InvalidProtocolBufferException refused) {
            return; // the documented refusal: 400
        }
        // What was read is a message our own printer writes and reads back as it was.
        String printed = JsonBodies.render(request).getData().utf8String();
        assertEquals(request, JsonBodies.parse(printed, CreateRoomRequest.newBuilder()).build(), printed);
    }
}
