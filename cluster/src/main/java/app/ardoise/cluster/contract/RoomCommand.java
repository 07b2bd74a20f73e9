package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.Role;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What sessions and the HTTP API ask of a class, wherever it runs. Each command names the session it
 * comes from as an {@code ActorRef<ToSession>}: the room answers through that and nothing else.
 * {@link #accept} makes every handler name every command: a new one does not compile until it is handled.
 */
public sealed interface RoomCommand extends RoomProtocol, ClusterMessage {

    <R> R accept(Handler<R> handler);

    /** One method per command. */
    interface Handler<R> {
        R create(Create create);

        R getInfo(GetInfo get);

        R getPresence(GetPresence get);

        R connect(Connect connect);

        R submit(Submit submit);

        R detach(Detach detach);

        R heartbeat(Heartbeat heartbeat);

        R mediaTracks(MediaTracks report);

        R end(End end);

        R renewLink(RenewLink renew);

        R rename(Rename rename);

        R configure(Configure configure);

        R act(Act act);

        R delete(Delete delete);

        R pollResults(PollResults results);

        R getBoard(GetBoard get);

        R setBreakout(SetBreakout set);

        R breakoutDue(BreakoutDue due);

        R breakoutNotice(BreakoutNotice notice);

        R purge(Purge purge);

        R getAttendance(GetAttendance get);

        R mediaTime(MediaTime time);

        R placeMedia(PlaceMedia place);
    }

    /** @param maxParticipants the class's own limit; 0: the deployment's default */
    record Create(String title, int maxParticipants, ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.create(this);
        }
    }

    record GetInfo(ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.getInfo(this);
        }
    }

    /** Who is connected now, and their media (the BigBlueButton-compatible API's getMeetingInfo). */
    record GetPresence(ActorRef<RoomPresence> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.getPresence(this);
        }
    }

    /**
     * Attach a session: a new participant ({@code resume} false) or one coming back after {@code lastSeq}.
     * On a resume, {@code name} and {@code role} are the resume token's: who comes back when the room has
     * taken them off its roster. {@code linkGeneration} is that of the link they joined with: the room refuses
     * one it has renewed since.
     */
    record Connect(String participantId, String name, Role role, boolean resume, long lastSeq,
                   long clientSeq, long linkGeneration, ActorRef<ToSession> session) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.connect(this);
        }
    }

    /** A frame from an attached participant that acts on the room. */
    record Submit(String participantId, ClientFrame frame, ActorRef<ToSession> session) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.submit(this);
        }
    }

    /** The session's WebSocket closed without a Leave: the participant stays, disconnected. */
    record Detach(String participantId, ActorRef<ToSession> session) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.detach(this);
        }
    }

    /** A session says it is attached; one the room does not know is told to attach again. */
    record Heartbeat(String participantId, ActorRef<ToSession> session) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.heartbeat(this);
        }
    }

    /**
     * What a session's SFU stream said about {@code owner}'s tracks; {@code participantId} is the
     * reporting session's participant. Media state is the SFU's present, never persisted.
     */
    record MediaTracks(String participantId, ActorRef<ToSession> session, String owner,
                       TrackChange change, List<MediaTrack> tracks) implements RoomCommand {
        public MediaTracks {
            tracks = List.copyOf(tracks);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.mediaTracks(this);
        }
    }

    /**
     * A session asks its class's SFU before joining media, or says that the SFU it used ({@code lost}, else empty)
     * is gone. {@code proposal} is the SFU its node would choose; the room takes it when it has none, or when
     * {@code lost} is its SFU, and answers {@link ToSession.MediaPlaced}. {@code spares}: the SFUs of its node that
     * serve, least loaded first, where a full class spreads.
     */
    record PlaceMedia(String participantId, ActorRef<ToSession> session, String lost, String proposal,
                      List<String> spares) implements RoomCommand {
        public PlaceMedia {
            spares = List.copyOf(spares);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.placeMedia(this);
        }
    }

    /** Ends the class for everyone (the REST API's end); replies its {@link RoomInfo} once written. */
    record End(ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.end(this);
        }
    }

    /**
     * Renews the link of {@code role} (the REST API's renew); replies the {@link RoomInfo} with the new
     * generation once written, which the API signs into the new link.
     */
    record RenewLink(Role role, ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.renewLink(this);
        }
    }

    /** Renames the class (its owner's rename); replies its {@link RoomInfo} once TitleChanged is written. */
    record Rename(String title, ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.rename(this);
        }
    }

    /**
     * Sets the class's locks and entry policy as a teacher would, and posts {@code welcome} (unless empty) in the
     * chat as the class itself (the BigBlueButton-compatible API's create); replies its {@link RoomInfo} once written.
     */
    record Configure(Locks locks, EntryPolicy entryPolicy, String welcome, ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.configure(this);
        }
    }

    /**
     * A teacher's action from the REST API, judged by the rules a teacher's frame is, and written with no author:
     * the waiting room, chat moderation, hands, removing someone. Replies once its event is written.
     */
    record Act(ClientFrame action, ActorRef<ActResult> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.act(this);
        }
    }

    /**
     * The class is being deleted: the room closes every WebSocket, replies, and stops without writing again, so
     * that its journal can then be deleted under it (its owner's delete).
     */
    record Delete(ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.delete(this);
        }
    }

    /** One poll's results for the REST API's CSV export: names only when the poll is not anonymous. */
    record PollResults(String pollId, ActorRef<PollReport> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.pollResults(this);
        }
    }

    /** The class's board and locks, for the REST API's PDF export; changes nothing. */
    record GetBoard(ActorRef<BoardReport> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.getBoard(this);
        }
    }

    /**
     * From a class to one of its breakout groups, whenever its plan changes: the group makes itself on the first
     * (titled with its name, with {@code locks} and drawing open to students), follows the plan (who may be in it,
     * when it ends, whether it is closed) and answers once written, with its board when closed.
     */
    record SetBreakout(String groupId, BreakoutPlan plan, Locks locks, ActorRef<BreakoutGroupReply> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.setBreakout(this);
        }
    }

    /** From a group to its class when the groups' time is up by the group's clock: the class checks on its own. */
    record BreakoutDue() implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.breakoutDue(this);
        }
    }

    /** From a class to its groups: a teacher's message to every group, which each posts as the class itself. */
    record BreakoutNotice(String text) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.breakoutNotice(this);
        }
    }

    /**
     * Retention's purge: the room forgets the chat written before {@code beforeMs} and takes a snapshot, then
     * replies, so that the journal's events before then can be deleted without losing the class's state.
     */
    record Purge(long beforeMs, ActorRef<RoomInfo> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.purge(this);
        }
    }

    /** The open session's attendance (GET /api/v1/rooms/{id}/attendance); the closed ones are in their table. */
    record GetAttendance(ActorRef<AttendanceReport> replyTo) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.getAttendance(this);
        }
    }

    /**
     * Talk and camera time the SFU measured of {@code participantId} since its previous report, relayed by the
     * participant's session: never the browser's word.
     */
    record MediaTime(String participantId, long talkMs, long cameraMs) implements RoomCommand {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.mediaTime(this);
        }
    }
}
