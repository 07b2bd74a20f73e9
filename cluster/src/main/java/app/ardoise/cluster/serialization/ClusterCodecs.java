package app.ardoise.cluster.serialization;

import app.ardoise.cluster.contract.ActResult;
import app.ardoise.cluster.contract.BoardReport;
import app.ardoise.cluster.contract.AttendanceReport;
import app.ardoise.cluster.contract.PollReport;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.BreakoutGroupReply;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.protocol.v1.ActResultReply;
import app.ardoise.protocol.v1.ActRoomCommand;
import app.ardoise.protocol.v1.BroadcastToSession;
import app.ardoise.protocol.v1.CloseSession;
import app.ardoise.protocol.v1.ConfigureRoomCommand;
import app.ardoise.protocol.v1.ConnectCommand;
import app.ardoise.protocol.v1.CreateRoomCommand;
import app.ardoise.protocol.v1.DeliverToSession;
import app.ardoise.protocol.v1.FanOutShare;
import app.ardoise.protocol.v1.FanOutToNode;
import app.ardoise.protocol.v1.BreakoutDueCommand;
import app.ardoise.protocol.v1.BreakoutGroupReplyMessage;
import app.ardoise.protocol.v1.BreakoutNoticeCommand;
import app.ardoise.protocol.v1.GetRoomInfoCommand;
import app.ardoise.protocol.v1.SetBreakoutCommand;
import app.ardoise.protocol.v1.MediaPlacedToSession;
import app.ardoise.protocol.v1.MediaRouteToSession;
import app.ardoise.protocol.v1.MediaTracksCommand;
import app.ardoise.protocol.v1.PlaceMediaCommand;
import app.ardoise.protocol.v1.PresentParticipant;
import app.ardoise.protocol.v1.BoardReportReply;
import app.ardoise.protocol.v1.GetBoardCommand;
import app.ardoise.protocol.v1.AttendanceCommand;
import app.ardoise.protocol.v1.AttendanceReply;
import app.ardoise.protocol.v1.MediaTimeCommand;
import app.ardoise.protocol.v1.PollReportReply;
import app.ardoise.protocol.v1.PollResultsCommand;
import app.ardoise.protocol.v1.PurgeCommand;
import app.ardoise.protocol.v1.RelayToSession;
import app.ardoise.protocol.v1.RenewLinkCommand;
import app.ardoise.protocol.v1.RoomInfoReply;
import app.ardoise.protocol.v1.RoomPresenceReply;
import app.ardoise.protocol.v1.SessionOfParticipant;
import app.ardoise.protocol.v1.SubmitCommand;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * One codec per cluster message (contract package), each against its twin in cluster.proto. Adding a
 * message: its record in the contract, its Protobuf message, and one entry here; ClusterMessageSerializerTest
 * fails until the entry exists and has a sample in its round trip. Manifests are part of the wire format between nodes of different versions:
 * never rename one.
 */
final class ClusterCodecs {
    private ClusterCodecs() {}

    static final List<Codec<?, ?>> ALL = List.of(
            Codec.of(RoomCommand.Create.class, "create", CreateRoomCommand.parser(),
                    (m, refs) -> CreateRoomCommand.newBuilder().setTitle(m.title()).setMaxParticipants(m.maxParticipants())
                            .setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Create(p.getTitle(), p.getMaxParticipants(), refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.GetInfo.class, "info?", GetRoomInfoCommand.parser(),
                    (m, refs) -> GetRoomInfoCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.GetInfo(refs.resolve(p.getReplyTo()))),
            Codec.of(RoomInfo.class, "info", RoomInfoReply.parser(),
                    (m, refs) -> RoomInfoReply.newBuilder().setExists(m.exists()).setTitle(m.title())
                            .setParticipants(m.participants()).setEnded(m.ended())
                            .setTeacherLinkGeneration(m.teacherLinkGeneration())
                            .setStudentLinkGeneration(m.studentLinkGeneration()).setBreakoutGroups(m.breakoutGroups())
                            .setRecording(m.recording()).setMaxParticipants(m.maxParticipants()).setFull(m.full()).build(),
                    (p, refs) -> new RoomInfo(p.getExists(), p.getTitle(), p.getParticipants(), p.getEnded(),
                            p.getTeacherLinkGeneration(), p.getStudentLinkGeneration(), p.getBreakoutGroups(),
                            p.getRecording(), p.getMaxParticipants(), p.getFull())),
            Codec.of(RoomCommand.GetPresence.class, "presence?", GetRoomInfoCommand.parser(),
                    (m, refs) -> GetRoomInfoCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.GetPresence(refs.resolve(p.getReplyTo()))),
            Codec.of(RoomPresence.class, "presence", RoomPresenceReply.parser(),
                    (m, refs) -> RoomPresenceReply.newBuilder().setExists(m.exists()).setTitle(m.title()).setEnded(m.ended())
                            .setEndedAtMs(m.endedAtMs())
                            .addAllPresent(m.present().stream().map(ClusterCodecs::present).toList()).build(),
                    (p, refs) -> new RoomPresence(p.getExists(), p.getTitle(), p.getEnded(), p.getEndedAtMs(),
                            p.getPresentList().stream().map(ClusterCodecs::present).toList())),
            Codec.of(RoomCommand.Connect.class, "connect", ConnectCommand.parser(),
                    (m, refs) -> ConnectCommand.newBuilder().setParticipantId(m.participantId()).setName(m.name())
                            .setRole(m.role()).setResume(m.resume()).setLastSeq(m.lastSeq()).setClientSeq(m.clientSeq())
                            .setLinkGeneration(m.linkGeneration()).setSession(refs.path(m.session())).build(),
                    (p, refs) -> new RoomCommand.Connect(p.getParticipantId(), p.getName(), p.getRole(), p.getResume(),
                            p.getLastSeq(), p.getClientSeq(), p.getLinkGeneration(), refs.resolve(p.getSession()))),
            Codec.of(RoomCommand.Submit.class, "submit", SubmitCommand.parser(),
                    (m, refs) -> SubmitCommand.newBuilder().setParticipantId(m.participantId()).setFrame(m.frame())
                            .setSession(refs.path(m.session())).build(),
                    (p, refs) -> new RoomCommand.Submit(p.getParticipantId(), p.getFrame(), refs.resolve(p.getSession()))),
            Codec.of(RoomCommand.Detach.class, "detach", SessionOfParticipant.parser(),
                    (m, refs) -> sessionOf(m.participantId(), refs.path(m.session())),
                    (p, refs) -> new RoomCommand.Detach(p.getParticipantId(), refs.resolve(p.getSession()))),
            Codec.of(RoomCommand.Heartbeat.class, "heartbeat", SessionOfParticipant.parser(),
                    (m, refs) -> sessionOf(m.participantId(), refs.path(m.session())),
                    (p, refs) -> new RoomCommand.Heartbeat(p.getParticipantId(), refs.resolve(p.getSession()))),
            Codec.of(RoomCommand.MediaTracks.class, "media-tracks", MediaTracksCommand.parser(),
                    (m, refs) -> MediaTracksCommand.newBuilder().setParticipantId(m.participantId())
                            .setSession(refs.path(m.session())).setOwner(m.owner())
                            .setChange(MediaTracksCommand.Change.valueOf(m.change().name())).addAllTracks(m.tracks()).build(),
                    (p, refs) -> new RoomCommand.MediaTracks(p.getParticipantId(), refs.resolve(p.getSession()),
                            p.getOwner(), trackChange(p.getChange()), p.getTracksList())),
            Codec.of(RoomCommand.PlaceMedia.class, "place-media", PlaceMediaCommand.parser(),
                    (m, refs) -> PlaceMediaCommand.newBuilder().setParticipantId(m.participantId())
                            .setSession(refs.path(m.session())).setLost(m.lost()).setProposal(m.proposal())
                            .addAllSpares(m.spares()).build(),
                    (p, refs) -> new RoomCommand.PlaceMedia(p.getParticipantId(), refs.resolve(p.getSession()),
                            p.getLost(), p.getProposal(), p.getSparesList())),
            // Only a reply_to, like info?.
            Codec.of(RoomCommand.End.class, "end", GetRoomInfoCommand.parser(),
                    (m, refs) -> GetRoomInfoCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.End(refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.RenewLink.class, "renew-link", RenewLinkCommand.parser(),
                    (m, refs) -> RenewLinkCommand.newBuilder().setRole(m.role()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.RenewLink(p.getRole(), refs.resolve(p.getReplyTo()))),
            // A title and a reply_to, like create.
            Codec.of(RoomCommand.Rename.class, "rename", CreateRoomCommand.parser(),
                    (m, refs) -> CreateRoomCommand.newBuilder().setTitle(m.title()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Rename(p.getTitle(), refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.Act.class, "act", ActRoomCommand.parser(),
                    (m, refs) -> ActRoomCommand.newBuilder().setAction(m.action()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Act(p.getAction(), refs.resolve(p.getReplyTo()))),
            Codec.of(ActResult.class, "acted", ActResultReply.parser(),
                    (m, refs) -> ActResultReply.newBuilder().setOutcome(m.outcome().name().toLowerCase(Locale.ROOT))
                            .setSeq(m.seq()).setCode(m.code()).setMessage(m.message()).build(),
                    (p, refs) -> new ActResult(ActResult.Outcome.valueOf(p.getOutcome().toUpperCase(Locale.ROOT)),
                            p.getSeq(), p.getCode(), p.getMessage())),
            Codec.of(RoomCommand.Configure.class, "configure", ConfigureRoomCommand.parser(),
                    (m, refs) -> ConfigureRoomCommand.newBuilder().setLocks(m.locks()).setEntryPolicy(m.entryPolicy())
                            .setWelcome(m.welcome()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Configure(p.getLocks(), p.getEntryPolicy(), p.getWelcome(),
                            refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.Delete.class, "delete", GetRoomInfoCommand.parser(),
                    (m, refs) -> GetRoomInfoCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Delete(refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.Purge.class, "purge", PurgeCommand.parser(),
                    (m, refs) -> PurgeCommand.newBuilder().setBeforeMs(m.beforeMs()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.Purge(p.getBeforeMs(), refs.resolve(p.getReplyTo()))),
            Codec.of(RoomCommand.GetAttendance.class, "attendance?", AttendanceCommand.parser(),
                    (m, refs) -> AttendanceCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.GetAttendance(refs.resolve(p.getReplyTo()))),
            Codec.of(AttendanceReport.class, "attendance", AttendanceReply.parser(),
                    (m, refs) -> {
                        AttendanceReply.Builder reply = AttendanceReply.newBuilder().setCreated(m.created());
                        m.open().ifPresent(reply::setOpen);
                        return reply.build();
                    },
                    (p, refs) -> new AttendanceReport(p.getCreated(), p.hasOpen() ? Optional.of(p.getOpen()) : Optional.empty())),
            Codec.of(RoomCommand.MediaTime.class, "media-time", MediaTimeCommand.parser(),
                    (m, refs) -> MediaTimeCommand.newBuilder().setParticipantId(m.participantId())
                            .setTalkMs(m.talkMs()).setCameraMs(m.cameraMs()).build(),
                    (p, refs) -> new RoomCommand.MediaTime(p.getParticipantId(), p.getTalkMs(), p.getCameraMs())),
            Codec.of(RoomCommand.PollResults.class, "poll-results?", PollResultsCommand.parser(),
                    (m, refs) -> PollResultsCommand.newBuilder().setPollId(m.pollId()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.PollResults(p.getPollId(), refs.resolve(p.getReplyTo()))),
            Codec.of(PollReport.class, "poll-results", PollReportReply.parser(),
                    (m, refs) -> PollReportReply.newBuilder().setFound(m.found()).setPoll(m.poll()).setTally(m.tally()).build(),
                    (p, refs) -> new PollReport(p.getFound(), p.getPoll(), p.getTally())),
            Codec.of(RoomCommand.GetBoard.class, "board?", GetBoardCommand.parser(),
                    (m, refs) -> GetBoardCommand.newBuilder().setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.GetBoard(refs.resolve(p.getReplyTo()))),
            Codec.of(BoardReport.class, "board", BoardReportReply.parser(),
                    (m, refs) -> BoardReportReply.newBuilder().setExists(m.exists()).setLocks(m.locks()).setBoard(m.board()).build(),
                    (p, refs) -> new BoardReport(p.getExists(), p.getLocks(), p.getBoard())),
            Codec.of(RoomCommand.SetBreakout.class, "set-breakout", SetBreakoutCommand.parser(),
                    (m, refs) -> SetBreakoutCommand.newBuilder().setGroupId(m.groupId()).setPlan(m.plan())
                            .setLocks(m.locks()).setReplyTo(refs.path(m.replyTo())).build(),
                    (p, refs) -> new RoomCommand.SetBreakout(p.getGroupId(), p.getPlan(), p.getLocks(), refs.resolve(p.getReplyTo()))),
            Codec.of(BreakoutGroupReply.class, "breakout-group", BreakoutGroupReplyMessage.parser(),
                    (m, refs) -> BreakoutGroupReplyMessage.newBuilder().setGroupId(m.groupId()).setClosed(m.closed())
                            .setBoard(m.board()).build(),
                    (p, refs) -> new BreakoutGroupReply(p.getGroupId(), p.getClosed(), p.getBoard())),
            Codec.of(RoomCommand.BreakoutDue.class, "breakout-due", BreakoutDueCommand.parser(),
                    (m, refs) -> BreakoutDueCommand.getDefaultInstance(),
                    (p, refs) -> new RoomCommand.BreakoutDue()),
            Codec.of(RoomCommand.BreakoutNotice.class, "breakout-notice", BreakoutNoticeCommand.parser(),
                    (m, refs) -> BreakoutNoticeCommand.newBuilder().setText(m.text()).build(),
                    (p, refs) -> new RoomCommand.BreakoutNotice(p.getText())),
            Codec.of(ToSession.Deliver.class, "deliver", DeliverToSession.parser(),
                    (m, refs) -> DeliverToSession.newBuilder().addAllFrames(m.frames()).build(),
                    (p, refs) -> new ToSession.Deliver(p.getFramesList())),
            Codec.of(ToSession.Broadcast.class, "broadcast", BroadcastToSession.parser(),
                    (m, refs) -> BroadcastToSession.newBuilder().setFirstSeq(m.firstSeq()).setSeq(m.lastSeq())
                            .setFrame(UnsafeByteOperations.unsafeWrap(m.frame().asByteBuffer())).build(),
                    // 0 from a node that predates seq ranges: its broadcasts held one event.
                    (p, refs) -> new ToSession.Broadcast(p.getFirstSeq() == 0 ? p.getSeq() : p.getFirstSeq(), p.getSeq(),
                            ByteString.fromArrayUnsafe(p.getFrame().toByteArray()))),
            Codec.of(ToSession.Relay.class, "relay", RelayToSession.parser(),
                    (m, refs) -> RelayToSession.newBuilder().setFrame(UnsafeByteOperations.unsafeWrap(m.frame().asByteBuffer()))
                            .setLiveSeq(m.liveSeq()).build(),
                    (p, refs) -> new ToSession.Relay(ByteString.fromArrayUnsafe(p.getFrame().toByteArray()), p.getLiveSeq())),
            Codec.of(ToSession.MediaRoute.class, "media-route", MediaRouteToSession.parser(),
                    (m, refs) -> MediaRouteToSession.newBuilder().addAllTracks(m.tracks()).addAllMuted(m.muted())
                            .setMayUseMicrophone(m.mayUseMicrophone()).setMayUseCamera(m.mayUseCamera())
                            .setMayShareScreen(m.mayShareScreen()).build(),
                    (p, refs) -> new ToSession.MediaRoute(p.getTracksList(), p.getMutedList(), p.getMayUseMicrophone(),
                            p.getMayUseCamera(), p.getMayShareScreen())),
            Codec.of(ToSession.MediaPlaced.class, "media-placed", MediaPlacedToSession.parser(),
                    (m, refs) -> MediaPlacedToSession.newBuilder().setSfu(m.sfu()).setRelayFrom(m.relayFrom())
                            .addAllTeachers(m.teachers()).build(),
                    (p, refs) -> new ToSession.MediaPlaced(p.getSfu(), p.getRelayFrom(), p.getTeachersList())),
            Codec.of(ToSession.Close.class, "close", CloseSession.parser(),
                    (m, refs) -> CloseSession.newBuilder().setCode(m.code()).setReason(m.reason()).build(),
                    (p, refs) -> new ToSession.Close(p.getCode(), p.getReason())),
            Codec.of(ToSession.Reattach.class, "reattach", Empty.parser(),
                    (m, refs) -> Empty.getDefaultInstance(),
                    (p, refs) -> new ToSession.Reattach()),
            Codec.of(ToNode.FanOut.class, "fan-out", FanOutToNode.parser(),
                    (m, refs) -> FanOutToNode.newBuilder().addAllShares(m.shares().stream().map(share -> share(share, refs)).toList())
                            .build(),
                    (p, refs) -> new ToNode.FanOut(p.getSharesList().stream().map(share -> share(share, refs)).toList())));

    /** The share's message through its own codec, so that a message reads the same alone or in a fan-out. */
    private static FanOutShare share(ToNode.Share share, Refs refs) {
        Codec<?, ?> codec = SessionCodecs.of(share.message());
        return FanOutShare.newBuilder().setManifest(codec.manifest())
                .setMessage(UnsafeByteOperations.unsafeWrap(codec.toBinary(share.message(), refs)))
                .addAllSessions(share.sessions().stream().map(refs::pathOnItsNode).toList()).build();
    }

    private static ToNode.Share share(FanOutShare share, Refs refs) {
        try {
            return new ToNode.Share(SessionCodecs.of(share.getManifest()).fromBinary(share.getMessage().toByteArray(), refs),
                    share.getSessionsList().stream().<ActorRef<ToSession>>map(refs::resolveHere).toList());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a fan-out's " + share.getManifest() + " does not parse", e);
        }
    }

    private static PresentParticipant present(RoomPresence.Present p) {
        return PresentParticipant.newBuilder().setId(p.id()).setName(p.name()).setRole(p.role())
                .setInMedia(p.inMedia()).setMicrophone(p.microphone()).setCamera(p.camera()).build();
    }

    private static RoomPresence.Present present(PresentParticipant p) {
        return new RoomPresence.Present(p.getId(), p.getName(), p.getRole(), p.getInMedia(), p.getMicrophone(), p.getCamera());
    }

    private static SessionOfParticipant sessionOf(String participantId, String session) {
        return SessionOfParticipant.newBuilder().setParticipantId(participantId).setSession(session).build();
    }

    private static TrackChange trackChange(MediaTracksCommand.Change change) {
        if (change == MediaTracksCommand.Change.CHANGE_UNSPECIFIED || change == MediaTracksCommand.Change.UNRECOGNIZED) {
            throw new IllegalArgumentException("media-tracks without a known change");
        }
        return TrackChange.valueOf(change.name());
    }
}
