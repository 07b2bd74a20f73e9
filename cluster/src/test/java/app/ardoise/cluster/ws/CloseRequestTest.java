package app.ardoise.cluster.ws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CloseRequestTest {

    @Test
    void acceptsApplicationAndStandardCodes() {
        assertEquals(4008, new CloseRequest(4008, "too slow").code());
        assertEquals(1000, new CloseRequest(1000, "bye").code());
    }

    @Test
    void refusesCodesThatMayNotBeSent() {
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
            assertThrows(IllegalArgumentException.class, () -> new WebSocketCloser().close(code, ""), "" + code);
        }
    }

    @Test
    void cutsALongReasonBetweenCharacters() {
        String reason = "é".repeat(100); // two bytes each
        String fitted = new CloseRequest(4000, reason).reason();
        assertEquals(122, fitted.getBytes(UTF_8).length);
        assertEquals("é".repeat(61), fitted);
    }
}
