package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that is stopped gracefully tells its clients to reconnect, and what they acknowledged stays. */
class DrainTest {

    @Test
    void a_drained_node_closes_its_websockets_with_reconnect_and_loses_nothing_acknowledged() {
        String keyspace = TestCassandra.freshKeyspace();
        CreateRoomResponse room;
        Welcome welcome;
        try (TestNode node = TestNode.start(keyspace, "")) {
            room = node.createRoom("Chimie");
            WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken());
            welcome = student.join(room.getStudent().getToken(), "Zoé");
            student.chat("avant l'arrêt");
            student.await(ServerFrame::hasAck);
            node.close();
            assertEquals(CloseCode.RECONNECT, student.awaitClose());
        }
        try (TestNode next = TestNode.start(keyspace, "");
             WsClient back = next.connect(room.getRoomId(), room.getStudent().getToken())) {
            back.resume(room.getRoomId(), welcome, welcome.getLastSeq());
            List<ServerFrame> replay = back.until(ServerFrame::hasAck);
            assertEquals(List.of("avant l'arrêt"), replay.stream()
                    .filter(frame -> frame.hasEvent() && frame.getEvent().hasChat())
                    .map(frame -> frame.getEvent().getChat().getText()).toList());
        }
    }
}
