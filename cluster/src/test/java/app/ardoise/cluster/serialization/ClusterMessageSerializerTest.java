package app.ardoise.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import app.ardoise.cluster.room.Room;
import app.ardoise.cluster.session.SessionMessage;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Pong;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that may cross nodes goes through the Protobuf serializer bound in application.conf and comes back equal. */
class ClusterMessageSerializerTest {
    private static final ActorTestKit KIT = ActorTestKit.create("serialization",
            ConfigFactory.parseString("""
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical.port = 0
                    """).withFallback(ConfigFactory.load()));

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void every_cluster_message_round_trips_through_its_protobuf_form() {
        ActorRef<SessionMessage> session = KIT.<SessionMessage>createTestProbe().getRef();
        ActorRef<Room.Info> info = KIT.<Room.Info>createTestProbe().getRef();
        ClientFrame frame = ClientFrame.newBuilder().setClientSeq(3).setChat(Chat.newBuilder().setText("salut")).build();
        List<Object> messages = List.of(
                new Room.Create("Maths", info),
                new Room.GetInfo(info),
                new Room.Info(true, "Maths", 12),
                new Room.Connect("p1", "Zoé", Role.ROLE_STUDENT, true, 41, 5, session),
                new Room.Submit("p1", frame, session),
                new Room.Detach("p1", session),
                new Room.Heartbeat("p1", session),
                new SessionMessage.Deliver(List.of(ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(9)).build())),
                new SessionMessage.Broadcast(15, 17, org.apache.pekko.util.ByteString.fromString("frame")),
                new SessionMessage.Relay(org.apache.pekko.util.ByteString.fromString("cursor")),
                new SessionMessage.Close(4003, "removed"),
                new SessionMessage.Reattach());
        Serialization serialization = SerializationExtension.get(KIT.system());
        for (Object message : messages) {
            var serializer = serialization.findSerializerFor(message);
            assertInstanceOf(ClusterMessageSerializer.class, serializer, message.getClass().getName());
            byte[] bytes = serialization.serialize(message).get();
            Object back = serialization.deserialize(bytes, serializer.identifier(),
                    Serializers.manifestFor(serializer, message)).get();
            assertEquals(message, back);
        }
    }
}
