package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.ServerFrame;
import org.junit.jupiter.api.Test;

/**
 * A Resync costs the node the whole class encoded again: a client that sends them in a loop gets a few answered and
 * the rest refused as rate_limited, each with its own client_seq, while the class goes on serving its chat.
 */
class ResyncPaceTest {
    private static final int SENT = 12;

    @Test
    void resyncs_in_a_loop_are_answered_a_few_at_a_time() {
        TestNode node = TestNode.shared();
        CreateRoomResponse room = node.createRoom("resyncs");
        try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Lou");
            long start = System.nanoTime();
            for (int i = 0; i < SENT; i++) {
                student.send(ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int welcomes = 0;
            int limited = 0;
            while (welcomes + limited < SENT) {
                ServerFrame frame = student.next();
                if (frame.hasWelcome()) {
                    assertTrue(frame.getWelcome().getResumed(), "a Resync's Welcome");
                    welcomes++;
                } else if (frame.hasError()) {
                    assertEquals(ErrorCode.RATE_LIMITED, frame.getError().getCode(), frame.getError().getMessage());
                    limited++;
                }
            }
            // The burst, and at most what the bucket refilled while the loop ran.
            assertTrue(welcomes >= 3 && welcomes <= 3 + (int) Math.ceil(seconds), welcomes + " answered in " + seconds + " s");
            long chat = student.chat("still here");
            assertTrue(student.await(f -> f.hasAck() && f.getAck().getClientSeq() == chat).getAck().getSeq() > 0,
                    "the class still takes the student's chat");
        }
    }
}
