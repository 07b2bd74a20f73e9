package app.ardoise.cluster.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.ActResult;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.cluster.metrics.RemoteTraffic;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.ClearChat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.FanOutShare;
import app.ardoise.protocol.v1.FanOutToNode;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Pong;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
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
        ActorRef<ToSession> session = KIT.<ToSession>createTestProbe().getRef();
        ActorRef<RoomInfo> info = KIT.<RoomInfo>createTestProbe().getRef();
        ClientFrame frame = ClientFrame.newBuilder().setClientSeq(3).setChat(Chat.newBuilder().setText("salut")).build();
        List<Object> messages = List.of(
                new RoomCommand.Create("Maths", 1000, info),
                new RoomCommand.GetInfo(info),
                new RoomInfo(true, "Maths", 12, true, 2, 5, 4, true, 1000, false),
                new RoomCommand.GetPresence(KIT.<RoomPresence>createTestProbe().getRef()),
                new RoomPresence(true, "Maths", false, 1_765_000_000_000L, List.of(
                        new RoomPresence.Present("p1", "Zoé", Role.ROLE_STUDENT, true, true, false),
                        new RoomPresence.Present("p2", "M. Durand", Role.ROLE_TEACHER, false, false, false))),
                new RoomCommand.Connect("p1", "Zoé", Role.ROLE_STUDENT, true, 41, 5, 3, session),
                new RoomCommand.End(info),
                new RoomCommand.RenewLink(Role.ROLE_STUDENT, info),
                new RoomCommand.Rename("Maths 4C", info),
                new RoomCommand.Delete(info),
                new RoomCommand.Purge(1_765_000_000_000L, info),
                new RoomCommand.GetAttendance(KIT.<app.ardoise.cluster.contract.AttendanceReport>createTestProbe().getRef()),
                new app.ardoise.cluster.contract.AttendanceReport(true, java.util.Optional.of(
                        app.ardoise.protocol.v1.AttendanceSession.newBuilder().setStartedAtMs(1_765_000_000_000L)
                                .addParticipants(app.ardoise.protocol.v1.AttendanceRecord.newBuilder()
                                        .setParticipantId("p1").setName("Zoé").setMessages(3)).build())),
                new RoomCommand.MediaTime("p1", 4_200, 61_000),
                new RoomCommand.Configure(Locks.newBuilder().setChatLocked(true).setStudentsMayUseCamera(true).build(),
                        EntryPolicy.ENTRY_POLICY_ADMIT, "Bienvenue !", info),
                new RoomCommand.PollResults("p12", KIT.<app.ardoise.cluster.contract.PollReport>createTestProbe().getRef()),
                new app.ardoise.cluster.contract.PollReport(true,
                        app.ardoise.protocol.v1.Poll.newBuilder().setId("p12").setQuestion("Oui ?").addOptions("yes").build(),
                        app.ardoise.protocol.v1.PollTally.newBuilder().setPollId("p12").addCounts(3).setRespondents(3).build()),
                new RoomCommand.GetBoard(KIT.<app.ardoise.cluster.contract.BoardReport>createTestProbe().getRef()),
                new app.ardoise.cluster.contract.BoardReport(true, Locks.newBuilder().setStudentsMayDownload(true).build(),
                        app.ardoise.protocol.v1.WhiteboardDocument.newBuilder().setMaxLamport(7).build()),
                new RoomCommand.Submit("p1", frame, session),
                new RoomCommand.Act(ClientFrame.newBuilder().setClearChat(ClearChat.getDefaultInstance()).build(),
                        KIT.<ActResult>createTestProbe().getRef()),
                ActResult.refused("no_such_message", "no such chat message"),
                new RoomCommand.Detach("p1", session),
                new RoomCommand.Heartbeat("p1", session),
                new RoomCommand.MediaTracks("p1", session, "p2", TrackChange.ADD,
                        List.of(MediaTrack.newBuilder().setId("t1").setKind(MediaKind.MEDIA_KIND_CAMERA).build())),
                new ToSession.MediaRoute(List.of("t1", "t2"), List.of("t2"), true, false, true),
                new RoomCommand.PlaceMedia("p1", session, "10.0.0.5:50051", "10.0.0.6:50051",
                        List.of("10.0.0.6:50051", "10.0.0.7:50051")),
                new ToSession.MediaPlaced("10.0.0.7:50051", "10.0.0.6:50051", List.of("t1", "t2")),
                new ToSession.Deliver(List.of(ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(9)).build())),
                new ToSession.Broadcast(15, 17, org.apache.pekko.util.ByteString.fromString("frame")),
                new ToSession.Relay(org.apache.pekko.util.ByteString.fromString("cursor"), 7),
                new ToSession.Close(4003, "removed"),
                new ToSession.Reattach(),
                new ToNode.FanOut(List.of(
                        new ToNode.Share(new ToSession.Broadcast(15, 17, org.apache.pekko.util.ByteString.fromString("frame")),
                                List.of(session, KIT.<ToSession>createTestProbe().getRef())),
                        new ToNode.Share(new ToSession.Close(4003, "removed"), List.of(KIT.<ToSession>createTestProbe().getRef())))),
                new RoomCommand.SetBreakout("g2", app.ardoise.protocol.v1.BreakoutPlan.newBuilder().setClassId("abcde-fghij")
                        .addGroups(app.ardoise.protocol.v1.BreakoutGroup.newBuilder().setId("g2").setName("Group 2").addMembers("p1"))
                        .setEndsAtMs(1_700_000_000_000L).setOpen(true).build(),
                        Locks.newBuilder().setStudentsMayDraw(true).build(),
                        KIT.<app.ardoise.cluster.contract.BreakoutGroupReply>createTestProbe().getRef()),
                new app.ardoise.cluster.contract.BreakoutGroupReply("g2", true,
                        app.ardoise.protocol.v1.WhiteboardDocument.newBuilder().setMaxLamport(7).build()),
                new RoomCommand.BreakoutDue(),
                new RoomCommand.BreakoutNotice("Plus que 2 minutes"));
        Serialization serialization = SerializationExtension.get(KIT.system());
        for (Object message : messages) {
            var serializer = serialization.findSerializerFor(message);
            assertInstanceOf(ClusterMessageSerializer.class, serializer, message.getClass().getName());
            byte[] bytes = serialization.serialize(message).get();
            Object back = serialization.deserialize(bytes, serializer.identifier(),
                    Serializers.manifestFor(serializer, message)).get();
            assertEquals(message, back);
        }
        assertEquals(ClusterMessageSerializer.messageTypes().size(), messages.size(), "one sample of each message");
    }

    /** A fan-out's share is a message to a session and nothing else: anything else is refused by name. */
    @Test
    void a_fan_out_holding_no_message_to_a_session_is_refused_clearly() {
        byte[] bytes = FanOutToNode.newBuilder().addShares(FanOutShare.newBuilder()
                .setManifest("create").setMessage(ByteString.copyFromUtf8("x"))).build().toByteArray();
        var failure = assertThrows(NotSerializableException.class,
                () -> new ClusterMessageSerializer((ExtendedActorSystem)
                        Adapter.toClassic(KIT.system())).fromBinary(bytes, "fan-out"));
        assertTrue(failure.getMessage().contains("create, not a message to a session"), failure.getMessage());
    }

    /** The node counts what its classes send other nodes' sessions where it is encoded: once per remote message. */
    @Test
    void messages_to_sessions_count_as_remote_traffic_when_encoded() {
        var traffic = RemoteTraffic.get(KIT.system());
        var registry = new SimpleMeterRegistry();
        traffic.meter(registry);
        double before = registry.get("ardoise_room_remote_messages").functionCounter().count();
        double bytesBefore = registry.get("ardoise_room_remote_bytes").functionCounter().count();
        Serialization serialization = SerializationExtension.get(KIT.system());
        byte[] encoded = serialization.serialize(new ToNode.FanOut(List.of(new ToNode.Share(new ToSession.Reattach(),
                List.of(KIT.<ToSession>createTestProbe().getRef()))))).get();
        serialization.serialize(new RoomCommand.BreakoutDue()).get();
        assertEquals(before + 1, registry.get("ardoise_room_remote_messages").functionCounter().count(), "the fan-out only");
        assertEquals(bytesBefore + encoded.length, registry.get("ardoise_room_remote_bytes").functionCounter().count());
    }

    @Test
    void every_cluster_message_type_has_a_codec() {
        List<Class<?>> types = ClusterMessageSerializer.messageTypes();
        assertTrue(types.contains(RoomCommand.Connect.class) && types.contains(ToSession.Reattach.class)
                && types.contains(RoomInfo.class), types.toString());
        var registered = ClusterCodecs.ALL.stream().map(Codec::type).toList();
        for (Class<?> type : types) {
            assertTrue(registered.contains(type), type.getName() + " crosses nodes but has no codec in ClusterCodecs");
        }
    }
}
