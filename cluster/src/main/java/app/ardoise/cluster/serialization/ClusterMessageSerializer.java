package app.ardoise.cluster.serialization;

import app.ardoise.cluster.room.Room;
import app.ardoise.cluster.session.SessionMessage;
import app.ardoise.protocol.v1.BroadcastToSession;
import app.ardoise.protocol.v1.MediaRouteToSession;
import app.ardoise.protocol.v1.MediaTracksCommand;
import app.ardoise.protocol.v1.RelayToSession;
import app.ardoise.protocol.v1.CloseSession;
import app.ardoise.protocol.v1.ConnectCommand;
import app.ardoise.protocol.v1.CreateRoomCommand;
import app.ardoise.protocol.v1.DeliverToSession;
import app.ardoise.protocol.v1.SessionOfParticipant;
import app.ardoise.protocol.v1.GetRoomInfoCommand;
import app.ardoise.protocol.v1.RoomInfoReply;
import app.ardoise.protocol.v1.SubmitCommand;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.util.ByteString;

/** Maps every {@link ClusterMessage} to its Protobuf twin in cluster.proto; actor refs travel as resolvable paths. */
public final class ClusterMessageSerializer extends SerializerWithStringManifest {
    private static final String CREATE = "create";
    private static final String GET_INFO = "info?";
    private static final String INFO = "info";
    private static final String CONNECT = "connect";
    private static final String SUBMIT = "submit";
    private static final String DETACH = "detach";
    private static final String HEARTBEAT = "heartbeat";
    private static final String DELIVER = "deliver";
    private static final String BROADCAST = "broadcast";
    private static final String RELAY = "relay";
    private static final String CLOSE = "close";
    private static final String REATTACH = "reattach";
    private static final String MEDIA_TRACKS = "media-tracks";
    private static final String MEDIA_ROUTE = "media-route";

    private final ActorRefResolver resolver;

    public ClusterMessageSerializer(ExtendedActorSystem system) {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public int identifier() {
        return 4_021_201;
    }

    @Override
    public String manifest(Object message) {
        if (message instanceof Room.Create) return CREATE;
        if (message instanceof Room.GetInfo) return GET_INFO;
        if (message instanceof Room.Info) return INFO;
        if (message instanceof Room.Connect) return CONNECT;
        if (message instanceof Room.Submit) return SUBMIT;
        if (message instanceof Room.Detach) return DETACH;
        if (message instanceof Room.Heartbeat) return HEARTBEAT;
        if (message instanceof SessionMessage.Deliver) return DELIVER;
        if (message instanceof SessionMessage.Broadcast) return BROADCAST;
        if (message instanceof SessionMessage.Relay) return RELAY;
        if (message instanceof SessionMessage.Close) return CLOSE;
        if (message instanceof SessionMessage.Reattach) return REATTACH;
        if (message instanceof Room.MediaTracks) return MEDIA_TRACKS;
        if (message instanceof SessionMessage.MediaRoute) return MEDIA_ROUTE;
        throw new IllegalArgumentException("no manifest for " + message.getClass());
    }

    @Override
    public byte[] toBinary(Object message) {
        if (message instanceof Room.Create m) {
            return CreateRoomCommand.newBuilder().setTitle(m.title()).setReplyTo(ref(m.replyTo())).build().toByteArray();
        }
        if (message instanceof Room.GetInfo m) {
            return GetRoomInfoCommand.newBuilder().setReplyTo(ref(m.replyTo())).build().toByteArray();
        }
        if (message instanceof Room.Info m) {
            return RoomInfoReply.newBuilder().setExists(m.exists()).setTitle(m.title())
                    .setParticipants(m.participants()).build().toByteArray();
        }
        if (message instanceof Room.Connect m) {
            return ConnectCommand.newBuilder()
                    .setParticipantId(m.participantId())
                    .setName(m.name())
                    .setRole(m.role())
                    .setResume(m.resume())
                    .setLastSeq(m.lastSeq())
                    .setClientSeq(m.clientSeq())
                    .setSession(ref(m.session()))
                    .build().toByteArray();
        }
        if (message instanceof Room.Submit m) {
            return SubmitCommand.newBuilder().setParticipantId(m.participantId()).setFrame(m.frame())
                    .setSession(ref(m.session())).build().toByteArray();
        }
        if (message instanceof Room.Detach m) {
            return sessionOf(m.participantId(), m.session());
        }
        if (message instanceof Room.Heartbeat m) {
            return sessionOf(m.participantId(), m.session());
        }
        if (message instanceof SessionMessage.Deliver m) {
            return DeliverToSession.newBuilder().addAllFrames(m.frames()).build().toByteArray();
        }
        if (message instanceof SessionMessage.Broadcast m) {
            return BroadcastToSession.newBuilder().setFirstSeq(m.firstSeq()).setSeq(m.lastSeq())
                    .setFrame(UnsafeByteOperations.unsafeWrap(m.frame().asByteBuffer())).build().toByteArray();
        }
        if (message instanceof SessionMessage.Relay m) {
            return RelayToSession.newBuilder().setFrame(UnsafeByteOperations.unsafeWrap(m.frame().asByteBuffer()))
                    .build().toByteArray();
        }
        if (message instanceof SessionMessage.Close m) {
            return CloseSession.newBuilder().setCode(m.code()).setReason(m.reason()).build().toByteArray();
        }
        if (message instanceof SessionMessage.Reattach) {
            return new byte[0];
        }
        if (message instanceof Room.MediaTracks m) {
            return MediaTracksCommand.newBuilder().setParticipantId(m.participantId()).setSession(ref(m.session()))
                    .setOwner(m.owner()).setChange(MediaTracksCommand.Change.valueOf(m.change().name()))
                    .addAllTracks(m.tracks()).build().toByteArray();
        }
        if (message instanceof SessionMessage.MediaRoute m) {
            return MediaRouteToSession.newBuilder().addAllTracks(m.tracks()).addAllMuted(m.muted())
                    .setMayUseMicrophone(m.mayUseMicrophone()).setMayUseCamera(m.mayUseCamera())
                    .setMayShareScreen(m.mayShareScreen()).build().toByteArray();
        }
        throw new IllegalArgumentException("cannot serialize " + message.getClass());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try {
            return switch (manifest) {
                case CREATE -> {
                    var m = CreateRoomCommand.parseFrom(bytes);
                    yield new Room.Create(m.getTitle(), resolver.resolveActorRef(m.getReplyTo()));
                }
                case GET_INFO -> new Room.GetInfo(resolver.resolveActorRef(GetRoomInfoCommand.parseFrom(bytes).getReplyTo()));
                case INFO -> {
                    var m = RoomInfoReply.parseFrom(bytes);
                    yield new Room.Info(m.getExists(), m.getTitle(), m.getParticipants());
                }
                case CONNECT -> {
                    var m = ConnectCommand.parseFrom(bytes);
                    yield new Room.Connect(m.getParticipantId(), m.getName(), m.getRole(), m.getResume(),
                            m.getLastSeq(), m.getClientSeq(), resolver.resolveActorRef(m.getSession()));
                }
                case SUBMIT -> {
                    var m = SubmitCommand.parseFrom(bytes);
                    yield new Room.Submit(m.getParticipantId(), m.getFrame(), resolver.resolveActorRef(m.getSession()));
                }
                case DETACH -> {
                    var m = SessionOfParticipant.parseFrom(bytes);
                    yield new Room.Detach(m.getParticipantId(), resolver.resolveActorRef(m.getSession()));
                }
                case HEARTBEAT -> {
                    var m = SessionOfParticipant.parseFrom(bytes);
                    yield new Room.Heartbeat(m.getParticipantId(), resolver.resolveActorRef(m.getSession()));
                }
                case DELIVER -> new SessionMessage.Deliver(DeliverToSession.parseFrom(bytes).getFramesList());
                case BROADCAST -> {
                    var m = BroadcastToSession.parseFrom(bytes);
                    long first = m.getFirstSeq() == 0 ? m.getSeq() : m.getFirstSeq();
                    yield new SessionMessage.Broadcast(first, m.getSeq(), ByteString.fromArrayUnsafe(m.getFrame().toByteArray()));
                }
                case RELAY -> new SessionMessage.Relay(
                        ByteString.fromArrayUnsafe(RelayToSession.parseFrom(bytes).getFrame().toByteArray()));
                case CLOSE -> {
                    var m = CloseSession.parseFrom(bytes);
                    yield new SessionMessage.Close(m.getCode(), m.getReason());
                }
                case REATTACH -> new SessionMessage.Reattach();
                case MEDIA_TRACKS -> {
                    var m = MediaTracksCommand.parseFrom(bytes);
                    if (m.getChange() == MediaTracksCommand.Change.CHANGE_UNSPECIFIED
                            || m.getChange() == MediaTracksCommand.Change.UNRECOGNIZED) {
                        throw new NotSerializableException("media-tracks without a known change");
                    }
                    yield new Room.MediaTracks(m.getParticipantId(), resolver.resolveActorRef(m.getSession()),
                            m.getOwner(), Room.TrackChange.valueOf(m.getChange().name()), m.getTracksList());
                }
                case MEDIA_ROUTE -> {
                    var m = MediaRouteToSession.parseFrom(bytes);
                    yield new SessionMessage.MediaRoute(m.getTracksList(), m.getMutedList(), m.getMayUseMicrophone(),
                            m.getMayUseCamera(), m.getMayShareScreen());
                }
                default -> throw new NotSerializableException("unknown manifest " + manifest);
            };
        } catch (InvalidProtocolBufferException e) {
            NotSerializableException failure = new NotSerializableException("corrupt " + manifest + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private byte[] sessionOf(String participantId, ActorRef<SessionMessage> session) {
        return SessionOfParticipant.newBuilder().setParticipantId(participantId).setSession(ref(session))
                .build().toByteArray();
    }

    private String ref(ActorRef<?> ref) {
        return resolver.toSerializationFormat(ref);
    }
}
