package app.ardoise.cluster.room;

import static app.ardoise.protocol.ServerFrames.ack;
import static app.ardoise.protocol.ServerFrames.error;

import app.ardoise.cluster.contract.ActResult;
import app.ardoise.cluster.contract.BreakoutGroupReply;
import app.ardoise.cluster.contract.BreakoutRooms;
import app.ardoise.cluster.contract.AttendanceClosed;
import app.ardoise.cluster.contract.AttendanceReport;
import app.ardoise.cluster.contract.ClassEndedNotice;
import app.ardoise.cluster.contract.BoardReport;
import app.ardoise.cluster.contract.PollReport;
import app.ardoise.cluster.contract.RecordingNotice;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.ToSession.Close;
import app.ardoise.cluster.contract.ToSession.Deliver;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.placement.ShardLoads;
import app.ardoise.media.TrackKind;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.BreakoutGroup;
import app.ardoise.protocol.v1.BreakoutGroupSet;
import app.ardoise.protocol.v1.BreakoutOver;
import app.ardoise.protocol.v1.BreakoutPlan;
import app.ardoise.protocol.v1.ChatPosted;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.EntryPolicyChanged;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.LocksChanged;
import app.ardoise.protocol.v1.ParticipantConnected;
import app.ardoise.protocol.v1.ParticipantDisconnected;
import app.ardoise.protocol.v1.ParticipantJoined;
import app.ardoise.protocol.v1.ParticipantLeft;
import app.ardoise.protocol.v1.ParticipantWaiting;
import app.ardoise.protocol.v1.ParticipantsAdmitted;
import app.ardoise.protocol.v1.Presence;
import app.ardoise.protocol.v1.Presentation;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomCreated;
import app.ardoise.protocol.v1.MediaPlaced;
import app.ardoise.protocol.v1.MediaTimeAdded;
import app.ardoise.protocol.v1.RetentionApplied;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomSnapshot;
import app.ardoise.protocol.v1.RoomStateSnapshot;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Waiting;
import app.ardoise.protocol.v1.WaitingLeft;
import app.ardoise.protocol.v1.WaitingParticipant;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.util.ByteString;

/**
 * One class: a sharded, event-sourced entity. It validates each participant action, persists the
 * resulting event, then sends it (with its seq) to every attached session allowed to see it and
 * acknowledges the sender. Sessions are runtime attachments, never persisted; presence is.
 */
public final class Room extends EventSourcedBehavior<RoomProtocol, RoomEvent, RoomState> {
    private record SessionTerminated(String participantId, ActorRef<ToSession> session) implements RoomProtocol.Internal {}

    private enum ReconcilePresence implements RoomProtocol.Internal { INSTANCE }

    private enum PassivateIfIdle implements RoomProtocol.Internal { INSTANCE }

    /** Takes off the roster whoever has been disconnected for {@code absent-after}. */
    private enum AgeOut implements RoomProtocol.Internal { INSTANCE }

    /** Writes what was accepted since the last write: see {@link #pending}. */
    private enum Flush implements RoomProtocol.Internal { INSTANCE }

    /** Told to itself after each write: see {@link #settling}. */
    private enum WriteSettled implements RoomProtocol.Internal { INSTANCE }

    /** A breakout group's answer to the plan, or why there was none. */
    private record GroupAnswered(String groupId, BreakoutGroupReply reply, Throwable failure) implements RoomProtocol.Internal {}

    /** Tells a group the plan again, after it did not answer. */
    private record RetellGroup(String groupId) implements RoomProtocol.Internal {}

    /** The groups' end by the room's clock: a class closes them, a group tells its class. */
    private enum BreakoutClock implements RoomProtocol.Internal { INSTANCE }

    /** In a lecture, tells students how many are connected: see {@link #presenceDue}. */
    private enum PresenceTick implements RoomProtocol.Internal { INSTANCE }

    /** Routes media for the sessions attached since the last routing: see {@link #mediaRouteDue}. */
    private enum RouteMedia implements RoomProtocol.Internal { INSTANCE }

    /** How long a class waits for a group's answer before telling it again. */
    private static final Duration GROUP_ANSWER = Duration.ofSeconds(5);

    /** Sent by Cluster Sharding when the class hands off or passivates: writes what is pending, then stops. */
    public enum Stop implements RoomProtocol.Internal { INSTANCE }

    /** Told to itself once its last write is done and its sessions told: see {@link #stopping}. */
    private enum StopNow implements RoomProtocol.Internal { INSTANCE }

    /** @param rooms any class by id, wherever it runs: a class's breakout groups, a group's class */
    public static Behavior<RoomProtocol> create(EntityContext<RoomProtocol> entity, RoomSettings settings,
                                           ArdoiseMetrics metrics, Clock clock,
                                           Function<String, RecipientRef<RoomProtocol>> rooms) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new Room(entity.getEntityId(), entity.getShard(), context, timers, settings, metrics, clock, rooms)));
    }

    private final String roomId;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final ActorContext<RoomProtocol> context;
    private final TimerScheduler<RoomProtocol> timers;
    private final RoomSettings settings;
    private final ArdoiseMetrics metrics;
    private final Clock clock;
    private final Function<String, RecipientRef<RoomProtocol>> rooms;
    private final Map<String, ActorRef<ToSession>> sessions = new HashMap<>();
    /**
     * Sessions of students in the waiting room, kept apart from {@link #sessions}: broadcasts, relays and media
     * routes only ever go to those, so a waiting student is sent nothing of the class by construction.
     */
    private final Map<String, ActorRef<ToSession>> waitingSessions = new HashMap<>();
    /**
     * Chat and whiteboard batches accepted but not yet written: group commit. What arrives while a write
     * is in flight goes to the journal together in the next write, so a busy class costs one Cassandra
     * round trip per batch of actions, not per action. Only these wait here: no decision depends on
     * earlier chat, and a whiteboard batch is judged against the board with the pending batches laid
     * over it (WhiteboardRules). Every other write carries the pending events ahead of its own, which
     * keeps seqs in order. Nothing here has been acknowledged. Joins wait here too when they arrive during
     * a write ({@link #settling}), so a storm of arrivals costs one write per round trip, not one per student.
     */
    private final List<Pending> pending = new ArrayList<>();
    /** {@link #pending}'s chat messages and batches by submission, as RoomState indexes the written ones. */
    private final Submissions pendingSubmissions = new Submissions();
    /** Resent submissions of events in {@link #pending}: acknowledged with the original seq once it is written. */
    private final List<Repeat> repeats = new ArrayList<>();
    private final MediaRouting media = new MediaRouting();
    private final Outbox outbox;
    private final MediaSpread spread;
    /**
     * The presenter's view as it moved since the last written presentation (an unsettled Present), or null. Only
     * here, never written: a Welcome and a catch-up carry it; after a restart the last settled view stands.
     */
    private Presentation moving;
    /** What this class costs its node, for load-aware placement. */
    private final ShardLoads.RoomLoad load;
    private final Incarnation incarnation;
    /**
     * In a lecture, a coming or going since students were last told the count: they are told once the presence
     * window ends, so a storm of arrivals costs each student one frame per window, not one per arrival.
     */
    private boolean presenceDue;
    /** The count students of a lecture were last sent; -1 before any, or after a restart. */
    private int presenceSent = -1;
    /** A {@link RouteMedia} is on its way: the sessions that attach before it comes are routed with it. */
    private boolean mediaRouteDue;
    /**
     * Asked to {@link Stop}. What callers send from then on (and what pekko stashed during the last write, which it
     * would drop as the class stops) goes on to the class's next run through sharding, which holds it until that
     * run is placed: a class that moves or passivates loses none of it.
     */
    private boolean stopping;

    /** What waits in {@link #pending}: one event each, so that an entry's seq follows from its place. */
    private sealed interface Pending {
        RoomEvent event();
    }

    /** An accepted action: its event and whom to acknowledge once it is written. */
    private record Accepted(RoomEvent event, long clientSeq, ActorRef<ToSession> sender) implements Pending {}

    /** A join waiting for its write: its session is attached and welcomed once the ParticipantJoined is written. */
    private record Arrival(RoomEvent event, ActorRef<ToSession> session, boolean returning) implements Pending {
        String participantId() {
            return event.getJoined().getParticipantId();
        }

        boolean student() {
            return event.getJoined().getRole() != Role.ROLE_TEACHER;
        }
    }

    /**
     * Writes whose {@link WriteSettled} has not come back: until it does, the commands handled arrived during a
     * write (Pekko stashed them), so a join among them joins the next write instead of writing alone.
     */
    private int settling;
    /**
     * Arrivals welcomed by the last write, with the seq their Welcome runs to: a broadcast of that same write's
     * events (a caller's, after the write) skips them, since their Welcome holds those events already.
     */
    private final Map<String, Long> welcomedThrough = new HashMap<>();

    private record Repeat(long seq, long clientSeq, ActorRef<ToSession> sender) {}

    /**
     * Retention's purges whose RetentionApplied is written, each answered once a snapshot at or after it is saved:
     * only then may the journal's older events go. Pekko runs a write's side effects after the snapshot it
     * triggered is stored, so a purge usually finds its snapshot saved already ({@link #snapshotSaved}).
     */
    private final List<PendingPurge> purges = new ArrayList<>();
    /** The sequence number of the newest snapshot this incarnation saved. */
    private long snapshotSaved;
    /** What this incarnation last told the node's recorder: it is told again only when that changes. */
    private RecordingNotice.Record toldRecorder;

    private record PendingPurge(long sequenceNr, ActorRef<RoomInfo> replyTo, RoomInfo info) {}

    private Room(String roomId, ActorRef<ClusterSharding.ShardCommand> shard, ActorContext<RoomProtocol> context,
                 TimerScheduler<RoomProtocol> timers, RoomSettings settings, ArdoiseMetrics metrics, Clock clock,
                 Function<String, RecipientRef<RoomProtocol>> rooms) {
        super(PersistenceId.of(RoomProtocol.TYPE_KEY.name(), roomId));
        this.roomId = roomId;
        this.shard = shard;
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.rooms = rooms;
        this.spread = new MediaSpread(settings.studentsPerSfu());
        this.outbox = new Outbox(context.getSystem().address(), ActorRefResolver.get(context.getSystem()), settings.fanOutByNode());
        this.load = ShardLoads.get(context.getSystem()).started(roomId);
        this.incarnation = new Incarnation(context.getLog(), roomId);
        metrics.roomStarted();
    }

    @Override
    public RoomState emptyState() {
        return new RoomState(settings.chatKept(), settings.recentEventsKept());
    }

    @Override
    public CommandHandler<RoomProtocol, RoomEvent, RoomState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(StopNow.class, (state, now) -> Effect().stop())
                .onCommand(command -> stopping, (state, command) -> passOn(command))
                .onCommand(RoomCommand.class, (state, command) -> command.accept(new Commands(state)))
                .onCommand(SessionTerminated.class, (state, c) -> onDetach(state, c.participantId(), c.session()))
                .onCommand(ReconcilePresence.class, this::onReconcilePresence)
                .onCommand(PassivateIfIdle.class, this::onPassivateIfIdle)
                .onCommand(AgeOut.class, (state, age) -> onAgeOut(state))
                .onCommand(Flush.class, (state, flush) -> pending.isEmpty() ? Effect().none() : persist())
                .onCommand(WriteSettled.class, (state, settled) -> {
                    settling--;
                    return Effect().none();
                })
                .onCommand(Stop.class, this::onStop)
                .onCommand(GroupAnswered.class, this::onGroupAnswered)
                .onCommand(RetellGroup.class, (state, retell) -> {
                    tellGroups(state, List.of(retell.groupId()));
                    return Effect().none();
                })
                .onCommand(BreakoutClock.class, (state, tick) -> onBreakoutClock(state))
                .onCommand(PresenceTick.class, (state, tick) -> onPresenceTick(state))
                .onCommand(RouteMedia.class, (state, route) -> {
                    mediaRouteDue = false;
                    routeMedia(state);
                    return Effect().none();
                })
                .build();
    }

    /** The room's answer to each command of its callers, against the state it finds. */
    private final class Commands implements RoomCommand.Handler<Effect<RoomEvent, RoomState>> {
        private final RoomState state;

        Commands(RoomState state) {
            this.state = state;
        }

        @Override
        public Effect<RoomEvent, RoomState> create(RoomCommand.Create create) {
            return onCreate(state, create);
        }

        @Override
        public Effect<RoomEvent, RoomState> getInfo(RoomCommand.GetInfo get) {
            return Effect().reply(get.replyTo(), info(state));
        }

        @Override
        public Effect<RoomEvent, RoomState> getPresence(RoomCommand.GetPresence get) {
            return Effect().reply(get.replyTo(), presence(state));
        }

        @Override
        public Effect<RoomEvent, RoomState> connect(RoomCommand.Connect connect) {
            return onConnect(state, connect);
        }

        @Override
        public Effect<RoomEvent, RoomState> submit(RoomCommand.Submit submit) {
            return onSubmit(state, submit);
        }

        @Override
        public Effect<RoomEvent, RoomState> detach(RoomCommand.Detach detach) {
            return onDetach(state, detach.participantId(), detach.session());
        }

        @Override
        public Effect<RoomEvent, RoomState> heartbeat(RoomCommand.Heartbeat heartbeat) {
            return onHeartbeat(state, heartbeat);
        }

        @Override
        public Effect<RoomEvent, RoomState> mediaTracks(RoomCommand.MediaTracks report) {
            return onMediaTracks(state, report);
        }

        @Override
        public Effect<RoomEvent, RoomState> end(RoomCommand.End end) {
            return onEnd(state, end);
        }

        @Override
        public Effect<RoomEvent, RoomState> renewLink(RoomCommand.RenewLink renew) {
            return onRenewLink(state, renew);
        }

        @Override
        public Effect<RoomEvent, RoomState> rename(RoomCommand.Rename rename) {
            return onRename(state, rename);
        }

        @Override
        public Effect<RoomEvent, RoomState> configure(RoomCommand.Configure configure) {
            return onConfigure(state, configure);
        }

        @Override
        public Effect<RoomEvent, RoomState> act(RoomCommand.Act act) {
            return onAct(state, act);
        }

        @Override
        public Effect<RoomEvent, RoomState> pollResults(RoomCommand.PollResults results) {
            return Effect().reply(results.replyTo(), state.poll(results.pollId())
                    .map(poll -> new PollReport(true, poll.poll(), poll.tally(true)))
                    .orElseGet(PollReport::none));
        }

        @Override
        public Effect<RoomEvent, RoomState> getBoard(RoomCommand.GetBoard get) {
            return Effect().reply(get.replyTo(), new BoardReport(state.created(), state.locks(), state.board()));
        }

        @Override
        public Effect<RoomEvent, RoomState> delete(RoomCommand.Delete delete) {
            return onDelete(state, delete);
        }

        @Override
        public Effect<RoomEvent, RoomState> setBreakout(RoomCommand.SetBreakout set) {
            return onSetBreakout(state, set);
        }

        @Override
        public Effect<RoomEvent, RoomState> breakoutDue(RoomCommand.BreakoutDue due) {
            return onBreakoutClock(state);
        }

        @Override
        public Effect<RoomEvent, RoomState> breakoutNotice(RoomCommand.BreakoutNotice notice) {
            return onBreakoutNotice(state, notice);
        }

        @Override
        public Effect<RoomEvent, RoomState> purge(RoomCommand.Purge purge) {
            return onPurge(state, purge);
        }

        @Override
        public Effect<RoomEvent, RoomState> getAttendance(RoomCommand.GetAttendance get) {
            return Effect().reply(get.replyTo(), new AttendanceReport(state.created(), state.attendance().current()));
        }

        @Override
        public Effect<RoomEvent, RoomState> mediaTime(RoomCommand.MediaTime time) {
            return onMediaTime(state, time);
        }

        @Override
        public Effect<RoomEvent, RoomState> placeMedia(RoomCommand.PlaceMedia place) {
            return onPlaceMedia(state, place);
        }
    }

    @Override
    public EventHandler<RoomState, RoomEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            incarnation.applied();
            return state.apply(event);
        });
    }

    @Override
    public SignalHandler<RoomState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    // Handed to the table when first written: a session purged since must not come back.
                    state.attendance().takeClosed();
                    if (state.members().stream().anyMatch(Member::connected) || !state.waiting().isEmpty()) {
                        timers.startSingleTimer(ReconcilePresence.INSTANCE, settings.presenceGrace());
                    }
                    state.prepareBoard();
                    scheduleIdlePassivation();
                    scheduleAgeOut(state);
                    incarnation.recovered(lastSequenceNumber(context),
                            (int) state.members().stream().filter(Member::connected).count() + state.waiting().size());
                    scheduleBreakoutClock(state);
                    // Recording when it stopped or moved: the SFU goes on, this node's recorder must know it.
                    tellRecorder(state);
                    // Closed before the boards came back (the class moved or crashed): ask the groups again.
                    tellGroups(state, unimported(state));
                })
                .onSignal(SnapshotCompleted.class, (state, completed) -> {
                    snapshotSaved = Math.max(snapshotSaved, completed.metadata().sequenceNr());
                    answerPurges();
                })
                .onSignal(SnapshotFailed.class, (state, failed) -> context.getLog().warn(
                        "class {}: snapshot at {} failed, its purge waits for the next one", roomId,
                        failed.metadata().sequenceNr(), failed.failure()))
                .onSignal(PostStop.instance(), state -> {
                    incarnation.stopped();
                    ShardLoads.get(context.getSystem()).stopped(roomId);
                    metrics.roomStopped();
                })
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
    }

    /** Besides every {@code snapshot-every} events: at each RetentionApplied, which a purge waits on. */
    @Override
    public boolean shouldSnapshot(RoomState state, RoomEvent event, long sequenceNr) {
        return event.hasRetentionApplied();
    }

    @Override
    public SnapshotAdapter<RoomState> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(RoomState state) {
                return state.toSnapshot();
            }

            @Override
            public RoomState fromJournal(Object from) {
                return RoomState.fromSnapshot((RoomStateSnapshot) from, settings.chatKept(), settings.recentEventsKept());
            }
        };
    }

    private Effect<RoomEvent, RoomState> onCreate(RoomState state, RoomCommand.Create create) {
        if (state.created()) {
            return Effect().reply(create.replyTo(), info(state));
        }
        RoomEvent event = stamp(state, "", RoomEvent.newBuilder()
                .setCreated(RoomCreated.newBuilder().setTitle(create.title())
                        .setMaxParticipants(settings.capacity().bounded(create.maxParticipants()))));
        return persist(event).thenReply(create.replyTo(), this::info);
    }

    private RoomInfo info(RoomState state) {
        int connected = (int) state.members().stream().filter(Member::connected).count();
        return new RoomInfo(state.created(), state.title(), connected, state.ended(),
                state.linkGeneration(Role.ROLE_TEACHER), state.linkGeneration(Role.ROLE_STUDENT), state.breakoutGroupsMade(),
                state.recording().isPresent(), settings.capacity().of(state), full(state));
    }

    private RoomPresence presence(RoomState state) {
        List<RoomPresence.Present> present = state.members().stream().filter(Member::connected)
                .map(m -> new RoomPresence.Present(m.id(), m.name(), m.role(), media.inMedia(m.id()),
                        media.publishes(m.id(), TrackKind.AUDIO), media.publishes(m.id(), TrackKind.VIDEO)))
                .toList();
        return new RoomPresence(state.created(), state.title(), state.ended(), state.endedAtMs(), present);
    }

    /** The API's end: as a teacher's EndClass, without an author. A class already ended and empty stays as it is. */
    private Effect<RoomEvent, RoomState> onEnd(RoomState state, RoomCommand.End end) {
        if (!state.created() || (state.ended() && sessions.isEmpty())) {
            return Effect().reply(end.replyTo(), info(state));
        }
        RoomEvent ended = stamp(state, "", ClassRules.ended());
        return persist(ended).thenRun(after -> {
            broadcast(after, ended, "");
            afterWritten(after, ended);
        }).thenReply(end.replyTo(), this::info);
    }

    /** The API's renewal: as a teacher's RenewLink, without an author; the reply carries the new generation. */
    private Effect<RoomEvent, RoomState> onRenewLink(RoomState state, RoomCommand.RenewLink renew) {
        if (!state.created() || (renew.role() != Role.ROLE_TEACHER && renew.role() != Role.ROLE_STUDENT)) {
            return Effect().reply(renew.replyTo(), info(state));
        }
        RoomEvent renewed = stamp(state, "", ClassRules.renewed(state, renew.role()));
        return persist(renewed).thenRun(after -> broadcast(after, renewed, ""))
                .thenReply(renew.replyTo(), this::info);
    }

    /**
     * Retention: the chat written before the cutoff leaves the state, and the snapshot this event triggers holds the
     * state without it; the answer waits for that snapshot (SnapshotCompleted). A class never created has no state
     * to keep and is answered at once, writing nothing.
     */
    private Effect<RoomEvent, RoomState> onPurge(RoomState state, RoomCommand.Purge purge) {
        if (!state.created()) {
            return Effect().reply(purge.replyTo(), info(state));
        }
        RoomEvent applied = stamp(state, "", RoomEvent.newBuilder()
                .setRetentionApplied(RetentionApplied.newBuilder().setBeforeMs(purge.beforeMs())));
        return persist(applied).thenRun(after -> {
            purges.add(new PendingPurge(lastSequenceNumber(context), purge.replyTo(), info(after)));
            answerPurges();
        });
    }

    /**
     * The SFU's measure of a participant's talk and camera time, added to the open session. A participant the
     * session does not know (a report that arrives after the session closed) is not counted.
     */
    private Effect<RoomEvent, RoomState> onMediaTime(RoomState state, RoomCommand.MediaTime time) {
        if (!state.attendance().knows(time.participantId()) || (time.talkMs() <= 0 && time.cameraMs() <= 0)) {
            return Effect().none();
        }
        return persist(stamp(state, "", RoomEvent.newBuilder().setMediaTimeAdded(MediaTimeAdded.newBuilder()
                .setParticipantId(time.participantId())
                .setTalkMs(Math.max(0, time.talkMs()))
                .setCameraMs(Math.max(0, time.cameraMs())))));
    }

    /**
     * Where the class's media goes (media/README.md, "The SFU pool"): the SFU already placed, unless the asker found
     * it lost; then, or before any placement, the asker's proposal, written so that the class keeps its SFU when it
     * moves to another node. A move reaches every session, whose streams then join the new SFU.
     */
    private Effect<RoomEvent, RoomState> onPlaceMedia(RoomState state, RoomCommand.PlaceMedia place) {
        if (!place.session().equals(sessions.get(place.participantId()))) {
            return Effect().none();
        }
        String current = state.mediaSfu();
        boolean move = current.isEmpty() || (current.equals(place.lost()) && !place.proposal().equals(current));
        if (!move || place.proposal().isEmpty()) {
            outbox.tell(place.session(), current.isEmpty() ? new ToSession.MediaPlaced(current)
                    : spread.place(state, place.participantId(), place.lost(), place.spares()));
            return Effect().none();
        }
        RoomEvent placed = stamp(state, "", RoomEvent.newBuilder().setMediaPlaced(
                MediaPlaced.newBuilder().setSfu(place.proposal()).setLost(place.lost())));
        return persist(placed).thenRun(after -> {
            if (!current.isEmpty()) {
                metrics.mediaMoved();
                context.getLog().warn("class {}: media moves from SFU {} (lost) to {}", roomId, current, after.mediaSfu());
            }
            spread.moved();
            ToSession.MediaPlaced now = new ToSession.MediaPlaced(after.mediaSfu());
            Outbox.Batch batch = outbox.batch();
            sessions.forEach((participantId, session) -> batch.add(session, participantId.equals(place.participantId())
                    ? spread.place(after, participantId, "", List.of()) : now));
            batch.send();
        });
    }

    /** A purge whose snapshot failed is never answered: its ask times out and the journal keeps its events. */
    private void answerPurges() {
        purges.removeIf(purge -> {
            boolean saved = snapshotSaved >= purge.sequenceNr();
            if (saved) {
                purge.replyTo().tell(purge.info());
            }
            return saved;
        });
    }

    /** The owner's rename: everyone connected sees the new title at once, and every Welcome after. */
    private Effect<RoomEvent, RoomState> onRename(RoomState state, RoomCommand.Rename rename) {
        if (!state.created() || state.title().equals(rename.title())) {
            return Effect().reply(rename.replyTo(), info(state));
        }
        RoomEvent renamed = stamp(state, "", ClassRules.retitled(rename.title()));
        return persist(renamed).thenRun(after -> broadcast(after, renamed, ""))
                .thenReply(rename.replyTo(), this::info);
    }

    /**
     * The BigBlueButton-compatible API's create: locks and entry policy as a teacher sets them, and its welcome as
     * a public message, all without an author (the class's own).
     */
    private Effect<RoomEvent, RoomState> onConfigure(RoomState state, RoomCommand.Configure configure) {
        List<RoomEvent.Builder> changes = new ArrayList<>();
        if (!state.locks().equals(configure.locks())) {
            changes.add(RoomEvent.newBuilder().setLocksChanged(LocksChanged.newBuilder().setLocks(configure.locks())));
        }
        if (state.entryPolicy() != configure.entryPolicy() && configure.entryPolicy() != EntryPolicy.UNRECOGNIZED) {
            changes.add(RoomEvent.newBuilder().setEntryPolicyChanged(EntryPolicyChanged.newBuilder().setPolicy(configure.entryPolicy())));
        }
        if (!configure.welcome().isBlank()) {
            changes.add(RoomEvent.newBuilder().setChat(ChatPosted.newBuilder().setText(configure.welcome())));
        }
        if (!state.created() || changes.isEmpty()) {
            return Effect().reply(configure.replyTo(), info(state));
        }
        RoomEvent[] events = new RoomEvent[changes.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = stamp(state, i, "", changes.get(i));
        }
        return persist(events).thenRun(after -> {
            send(after, writeOf(after, List.of(events)), "");
            routeMedia(after);
        }).thenReply(configure.replyTo(), this::info);
    }

    /**
     * A teacher's action from the REST API: judged as a teacher's frame would be (ActionRules), by a teacher with
     * no place in the class, and written with no author. Only the actions a teacher takes on the class from
     * outside it: not chat, drawing or media, which are a participant's own.
     */
    private Effect<RoomEvent, RoomState> onAct(RoomState state, RoomCommand.Act act) {
        if (!state.created()) {
            return Effect().reply(act.replyTo(), ActResult.unknown());
        }
        if (!RestActions.allowed(act.action())) {
            return Effect().reply(act.replyTo(), ActResult.refused(ErrorCode.INVALID, "not an action of the REST API"));
        }
        Decision decision = attachedOnly(ActionRules.decide(state, roomId, RestActions.TEACHER, act.action(), pendingBoard(),
                settings.capacity().allowed()));
        if (decision instanceof Decision.Reject reject) {
            return Effect().reply(act.replyTo(), ActResult.refused(reject.code(), reject.message()));
        }
        if (!(decision instanceof Decision.Accept accept)) {
            return Effect().reply(act.replyTo(), ActResult.done(0));
        }
        RoomEvent event = stamp(state, "", accept.event());
        return persist(event).thenRun(after -> {
            broadcast(after, event, "");
            afterWritten(after, event);
        }).thenReply(act.replyTo(), after -> ActResult.done(event.getSeq()));
    }

    /**
     * The owner's delete: everyone's WebSocket closes as at the end of a class, and the room stops without
     * writing what is pending (it is about to be deleted with the rest). The caller deletes the journal next; a
     * message that starts the class again before that would find it as it was, after that finds no class.
     */
    private Effect<RoomEvent, RoomState> onDelete(RoomState state, RoomCommand.Delete delete) {
        state.recording().ifPresent(recordingId -> publish(new RecordingNotice.Stop(roomId, recordingId, false, state.mediaSfu())));
        toldRecorder = null;
        for (Pending waiting : pending) {
            if (waiting instanceof Arrival arrival) {
                outbox.tell(arrival.session(), new Close(CloseCode.ENDED, "the class has been deleted"));
            }
        }
        pending.clear();
        pendingSubmissions.clear();
        repeats.clear();
        for (String participantId : List.copyOf(sessions.keySet())) {
            release(participantId, new Close(CloseCode.ENDED, "the class has been deleted"));
        }
        // Those waiting to be let in too, as at the end of a class: their sockets otherwise stayed open, waiting on a
        // class erased for good, and their Leave was answered not_joined.
        for (String participantId : List.copyOf(waitingSessions.keySet())) {
            releaseWaiting(participantId, new Close(CloseCode.ENDED, "the class has been deleted"));
        }
        RoomInfo gone = info(state);
        return Effect().stop().thenReply(delete.replyTo(), after -> gone);
    }

    /**
     * Closes every WebSocket of the class once ClassEnded has gone out to it (a session gets the room's messages
     * in order): each session then leaves the SFU as it stops, so media ends with the class. Called once per
     * ClassEnded written (never on recovery), so the notice goes out once per end.
     */
    private void endForEveryone() {
        publish(new ClassEndedNotice(roomId));
        for (String participantId : List.copyOf(sessions.keySet())) {
            release(participantId, new Close(CloseCode.ENDED, "the class has ended"));
        }
        for (String participantId : List.copyOf(waitingSessions.keySet())) {
            releaseWaiting(participantId, new Close(CloseCode.ENDED, "the class has ended"));
        }
    }

    private Effect<RoomEvent, RoomState> onConnect(RoomState state, RoomCommand.Connect connect) {
        ActorRef<ToSession> session = connect.session();
        if (!state.created()) {
            outbox.tell(session, new Close(CloseCode.NOT_FOUND, "no such class"));
            return Effect().none();
        }
        // Before the end's check: a class ended earlier stays "ended" until someone joins, and waiting is not joining.
        if (state.waiting(connect.participantId()).isPresent()) {
            // Back from a room that moved: still waiting, as they were.
            attachWaiting(connect.participantId(), session);
            outbox.tell(session, Deliver.of(waitingFrame(state, connect.participantId())));
            return Effect().none();
        }
        if (sentElsewhere(state, connect)) {
            return Effect().none();
        }
        if (connect.resume() && state.ended()) {
            // Nothing to resume: the session it belonged to is over. Joining starts the next one.
            outbox.tell(session, new Close(CloseCode.ENDED, "the class has ended"));
            return Effect().none();
        }
        var existing = state.member(connect.participantId());
        OptionalInt arriving = arrivalOf(connect.participantId());
        if (existing.isEmpty() && arriving.isPresent()) {
            arriveAgain(arriving.getAsInt(), session);
            return Effect().none();
        }
        if (existing.isEmpty()) {
            boolean returning = connect.resume() && !connect.name().isEmpty() && connect.role() != Role.ROLE_UNSPECIFIED;
            if (connect.resume() && state.wasRemoved(connect.participantId())) {
                outbox.tell(session, new Close(CloseCode.REMOVED, "removed from the class"));
                return Effect().none();
            }
            if (connect.resume() && !returning) {
                outbox.tell(session, Deliver.of(error(connect.clientSeq(), ErrorCode.UNKNOWN_PARTICIPANT,
                        "this participant has left the class: join again")));
                return Effect().none();
            }
            // Someone on the roster came in through the link as it was then, and stays; whoever comes in now,
            // or comes back from off the roster, needs the link as it is now.
            if (connect.linkGeneration() != state.linkGeneration(connect.role())) {
                outbox.tell(session, Deliver.of(error(connect.clientSeq(), ErrorCode.LINK_REVOKED,
                        "this link has been replaced: ask the teacher for the new one")));
                return Effect().none();
            }
            switch (EntryRules.entry(state, connect.role())) {
                case REFUSE -> {
                    outbox.tell(session, Deliver.of(error(connect.clientSeq(), ErrorCode.CLASS_CLOSED,
                            "the class lets no one new in")));
                    outbox.tell(session, new Close(CloseCode.REFUSED, "the class lets no one new in"));
                    return Effect().none();
                }
                case WAIT -> {
                    return onWait(state, connect);
                }
                case ENTER -> { }
            }
            if (connect.role() != Role.ROLE_TEACHER && full(state)) {
                outbox.tell(session, Deliver.of(error(connect.clientSeq(), ErrorCode.ROOM_FULL,
                        "the class is full: " + settings.capacity().of(state) + " students at most")));
                return Effect().none();
            }
            // Those away too long leave the roster in the same write, so the newcomer's Welcome lists today's class.
            List<RoomEvent> written = absent(state);
            if (settling > 0 && written.isEmpty()) {
                return arrive(state, connect, returning);
            }
            RoomEvent joined = stamp(state, written.size(), connect.participantId(), RoomEvent.newBuilder()
                    .setJoined(ParticipantJoined.newBuilder()
                            .setParticipantId(connect.participantId())
                            .setName(connect.name())
                            .setRole(connect.role())));
            written.add(joined);
            // A participant coming back after being taken off the roster resumes with a whole snapshot.
            return persist(written.toArray(RoomEvent[]::new)).thenRun(after -> {
                attach(connect.participantId(), session);
                outbox.tell(session, Deliver.of(welcome(after, connect.participantId(), returning)));
                written.forEach(event -> broadcast(after, event, connect.participantId()));
                routeMediaSoon(connect.participantId());
            });
        }
        if (existing.get().connected()) {
            attach(connect.participantId(), session);
            catchUp(state, connect);
            routeMediaSoon(connect.participantId());
            return Effect().none();
        }
        RoomEvent back = stamp(state, connect.participantId(), RoomEvent.newBuilder()
                .setConnected(ParticipantConnected.newBuilder().setParticipantId(connect.participantId())));
        // Attached only once written: the pending events written with it reach this session through the
        // catch-up, not twice.
        return persist(back).thenRun(after -> {
            attach(connect.participantId(), session);
            catchUp(after, connect);
            broadcast(after, back, connect.participantId());
            routeMediaSoon(connect.participantId());
        });
    }

    /**
     * A join during a storm: its ParticipantJoined waits with the pending events and is written with them at once,
     * not after the group-commit window, which is there to gather drawing. Its seat counts from now ({@link #full}).
     */
    private Effect<RoomEvent, RoomState> arrive(RoomState state, RoomCommand.Connect connect, boolean returning) {
        RoomEvent joined = stamp(state, connect.participantId(), RoomEvent.newBuilder()
                .setJoined(ParticipantJoined.newBuilder()
                        .setParticipantId(connect.participantId())
                        .setName(connect.name())
                        .setRole(connect.role())));
        if (pending.stream().noneMatch(Arrival.class::isInstance)) {
            context.getSelf().tell(Flush.INSTANCE);
        }
        pending.add(new Arrival(joined, connect.session(), returning));
        return Effect().none();
    }

    /** The place in {@link #pending} of this participant's join, if it waits there. */
    private OptionalInt arrivalOf(String participantId) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) instanceof Arrival arrival && arrival.participantId().equals(participantId)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Connected again before its join was written: the newer session is the one welcomed, as once attached. */
    private void arriveAgain(int index, ActorRef<ToSession> session) {
        Arrival arrival = (Arrival) pending.get(index);
        if (!arrival.session().equals(session)) {
            outbox.tell(arrival.session(), new Close(CloseCode.REPLACED, "this participant connected again elsewhere"));
            pending.set(index, new Arrival(arrival.event(), session, arrival.returning()));
        }
    }

    /** Students whose joins wait in {@link #pending}: their seats are taken. */
    private int arrivingStudents() {
        int arriving = 0;
        for (Pending waiting : pending) {
            if (waiting instanceof Arrival arrival && arrival.student()) {
                arriving++;
            }
        }
        return arriving;
    }

    /**
     * A student under ENTRY_POLICY_ADMIT: written to the queue, which the teachers see, and told to wait. The
     * queue and the class together stay within the class's capacity, so admitting everyone never overfills it.
     */
    private Effect<RoomEvent, RoomState> onWait(RoomState state, RoomCommand.Connect connect) {
        ActorRef<ToSession> session = connect.session();
        if (state.connectedStudents() + arrivingStudents() + state.waiting().size() >= settings.capacity().of(state)) {
            outbox.tell(session, Deliver.of(error(connect.clientSeq(), ErrorCode.ROOM_FULL,
                    "the class is full: " + settings.capacity().of(state) + " students at most")));
            return Effect().none();
        }
        String participantId = connect.participantId();
        RoomEvent waits = stamp(state, participantId, RoomEvent.newBuilder()
                .setWaiting(ParticipantWaiting.newBuilder().setParticipant(WaitingParticipant.newBuilder()
                        .setParticipantId(participantId)
                        .setName(connect.name())
                        .setSinceMs(clock.millis()))));
        return persist(waits).thenRun(after -> {
            attachWaiting(participantId, session);
            outbox.tell(session, Deliver.of(waitingFrame(after, participantId)));
            broadcast(after, waits, participantId);
        });
    }

    private static ServerFrame waitingFrame(RoomState state, String participantId) {
        int position = 1;
        for (WaitingParticipant entry : state.waiting()) {
            if (entry.getParticipantId().equals(participantId)) {
                break;
            }
            position++;
        }
        return ServerFrame.newBuilder().setWaiting(Waiting.newBuilder().setPosition(position)).build();
    }

    /** A waiting student may only leave: anything else is refused, and changes nothing. */
    private Effect<RoomEvent, RoomState> onWaitingSubmit(RoomState state, RoomCommand.Submit submit) {
        String participantId = submit.participantId();
        long clientSeq = submit.frame().getClientSeq();
        if (!waitingSessions.containsKey(participantId)) {
            // As for a member: the room has just started here and the session has not checked in yet.
            outbox.tell(submit.session(), new ToSession.Reattach());
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.UNAVAILABLE, "the class is moving: send again")));
            return Effect().none();
        }
        if (!submit.session().equals(waitingSessions.get(participantId))) {
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.NOT_JOINED, "join the class first")));
            return Effect().none();
        }
        if (!submit.frame().hasLeave()) {
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.WAITING,
                    "waiting for a teacher to let you in")));
            return Effect().none();
        }
        RoomEvent gone = waitingLeft(state, 0, participantId, participantId);
        return persist(gone).thenRun(after -> {
            broadcast(after, gone, participantId);
            // Its event is the teachers' alone: the student gets the ack without a seq.
            outbox.tell(submit.session(), Deliver.of(ack(clientSeq, 0)));
            releaseWaiting(participantId, new Close(CloseCode.NORMAL, "left the waiting room"));
        });
    }

    /** @param author the student who went, or empty when the room found them gone (after a restart) */
    private RoomEvent waitingLeft(RoomState state, int earlier, String author, String participantId) {
        return stamp(state, earlier, author, RoomEvent.newBuilder()
                .setWaitingLeft(WaitingLeft.newBuilder().setParticipantId(participantId)));
    }

    /** Replays what a reconnecting client missed, or sends a whole snapshot when the gap is too old. */
    private void catchUp(RoomState state, RoomCommand.Connect connect) {
        String viewer = connect.participantId();
        if (!connect.resume()) {
            outbox.tell(connect.session(), Deliver.of(welcome(state, viewer, false)));
            sendToGroup(state, viewer);
            return;
        }
        var missed = state.eventsAfter(connect.lastSeq());
        if (missed.isEmpty()) {
            outbox.tell(connect.session(), Deliver.of(welcome(state, viewer, true)));
            sendToGroup(state, viewer);
            return;
        }
        boolean teaches = teaches(state, viewer);
        Predicate<RoomEvent> hidden = teaches ? WriteBroadcast.NOTHING_HIDDEN : hiddenFromStudents(state);
        List<ServerFrame> frames = new ArrayList<>();
        for (RoomEvent event : missed.get()) {
            RoomEvent seen = Visibility.viewOf(viewer, teaches, event);
            if (seen != null && !hidden.test(seen)) {
                frames.add(ServerFrame.newBuilder().setEvent(seen).build());
            }
        }
        if (moving != null) {
            frames.add(ServerFrame.newBuilder().setPresentation(moving).build());
        }
        if (teaches) {
            // Answers are in no event: a teacher back from a drop gets each poll's tally as it is now instead.
            state.polls().forEach(poll -> frames.add(ServerFrame.newBuilder().setPollResults(poll.tally(true)).build()));
        }
        frames.add(LiveBatches.endOfCatchUp(ack(connect.clientSeq(), state.lastSeq()), acceptedSeq(state)));
        outbox.tell(connect.session(), new Deliver(frames));
        sendToGroup(state, viewer);
    }

    private Effect<RoomEvent, RoomState> onSubmit(RoomState state, RoomCommand.Submit submit) {
        long clientSeq = submit.frame().getClientSeq();
        if (state.waiting(submit.participantId()).isPresent()) {
            return onWaitingSubmit(state, submit);
        }
        var sender = state.member(submit.participantId());
        if (sender.isPresent() && !sessions.containsKey(submit.participantId())) {
            // This room has just started on this node (a crash or a hand-off) and the session has not
            // checked in yet: it attaches again and catches up, and its client sends the action again.
            outbox.tell(submit.session(), new ToSession.Reattach());
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.UNAVAILABLE, "the class is moving: send again")));
            return Effect().none();
        }
        if (sender.isEmpty() || !submit.session().equals(sessions.get(submit.participantId()))) {
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.NOT_JOINED, "join the class first")));
            return Effect().none();
        }
        if (submit.frame().hasResync()) {
            outbox.tell(submit.session(), Deliver.of(welcome(state, submit.participantId(), true)));
            return Effect().none();
        }
        var repeat = repeatOf(state, submit);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        Decision decision;
        try {
            decision = ActionRules.decide(state, roomId, sender.get(), submit.frame(), pendingBoard(),
                    settings.capacity().allowed());
        } catch (RuntimeException e) {
            // A rule that throws is a bug; the class must outlive it. The frame's contents stay out of the log.
            context.getLog().error("a {} frame from {} could not be judged: {}", submit.frame().getBodyCase(),
                    submit.participantId(), e.toString());
            outbox.tell(submit.session(), Deliver.of(error(clientSeq, ErrorCode.INVALID, "this action could not be applied")));
            return Effect().none();
        }
        return attachedOnly(decision).accept(new Decided(state, submit));
    }

    /**
     * Admits only the waiting students whose sessions are here: one whose session has not checked in since the
     * class moved would get no Welcome. They stay in the queue, and a teacher admits them once they are back.
     */
    private Decision attachedOnly(Decision decision) {
        if (!(decision instanceof Decision.Accept accept) || !accept.event().hasAdmitted()) {
            return decision;
        }
        List<WaitingParticipant> here = accept.event().getAdmitted().getParticipantsList().stream()
                .filter(admitted -> waitingSessions.containsKey(admitted.getParticipantId()))
                .toList();
        if (here.isEmpty()) {
            return new Decision.Unchanged();
        }
        return new Decision.Accept(RoomEvent.newBuilder()
                .setAdmitted(ParticipantsAdmitted.newBuilder().addAllParticipants(here)));
    }

    /** What the room does with each kind of decision on a participant's frame. */
    private final class Decided implements Decision.Handler<Effect<RoomEvent, RoomState>> {
        private final RoomState state;
        private final RoomCommand.Submit submit;

        Decided(RoomState state, RoomCommand.Submit submit) {
            this.state = state;
            this.submit = submit;
        }

        @Override
        public Effect<RoomEvent, RoomState> rejected(Decision.Reject reject) {
            outbox.tell(submit.session(), Deliver.of(error(submit.frame().getClientSeq(), reject.code(), reject.message())));
            return Effect().none();
        }

        @Override
        public Effect<RoomEvent, RoomState> relayed(Decision.Relay relay) {
            if (relay.frame().hasPresentation()) {
                moving = relay.frame().getPresentation();
            }
            relay(relay.frame(), relay.audience() == Decision.Audience.OTHERS ? submit.participantId() : null, 0);
            return Effect().none();
        }

        @Override
        public Effect<RoomEvent, RoomState> replied(Decision.Reply reply) {
            outbox.tell(submit.session(), new Deliver(List.of(reply.frame(), ack(submit.frame().getClientSeq(), 0))));
            return Effect().none();
        }

        @Override
        public Effect<RoomEvent, RoomState> unchanged(Decision.Unchanged unchanged) {
            outbox.tell(submit.session(), Deliver.of(ack(submit.frame().getClientSeq(), 0)));
            return Effect().none();
        }

        @Override
        public Effect<RoomEvent, RoomState> accepted(Decision.Accept accept) {
            if (accept.event().hasChat() && settings.capacity().lecture(state)) {
                accept.event().getChatBuilder().setAuthorName(state.member(submit.participantId()).map(Member::name).orElse(""));
            }
            var accepted = new Accepted(stamp(state, submit.participantId(), accept.event()),
                    submit.frame().getClientSeq(), submit.session());
            RoomEvent.BodyCase body = accepted.event().getBodyCase();
            if (body == RoomEvent.BodyCase.CHAT || body == RoomEvent.BodyCase.WHITEBOARD) {
                if (pending.isEmpty()) {
                    scheduleFlush();
                }
                pending.add(accepted);
                pendingSubmissions.written(accepted.event());
                LiveBatches.of(accepted.event()).ifPresent(live -> relay(live, submit.participantId(), accepted.event().getSeq()));
                return Effect().none();
            }
            return persist(accepted.event()).thenRun(after -> confirm(after, accepted));
        }
    }

    /**
     * A chat message or whiteboard batch sent again (after an {@code unavailable}, a failover, a reconnect): it is
     * not written twice; the client gets the seq it already has, now if written, or once its write is done.
     */
    private Optional<Effect<RoomEvent, RoomState>> repeatOf(RoomState state, RoomCommand.Submit submit) {
        ClientFrame frame = submit.frame();
        if (!frame.hasChat() && !frame.hasWhiteboard()) {
            return Optional.empty();
        }
        var written = state.repeatOf(submit.participantId(), frame);
        if (written.isPresent()) {
            outbox.tell(submit.session(), Deliver.of(ack(frame.getClientSeq(), written.getAsLong())));
            return Optional.of(Effect().none());
        }
        // Pending events carry the seqs that follow the state's, in order.
        var pendingSeq = pendingSubmissions.seqOf(submit.participantId(), frame,
                seq -> pending.get((int) (seq - state.lastSeq() - 1)).event());
        if (pendingSeq.isPresent()) {
            repeats.add(new Repeat(pendingSeq.getAsLong(), frame.getClientSeq(), submit.session()));
            return Optional.of(Effect().none());
        }
        return Optional.empty();
    }

    /** Sends a written action to everyone who may see it, and the event and ack to its author. */
    private void confirm(RoomState state, Accepted accepted) {
        RoomEvent event = accepted.event();
        broadcast(state, event, event.getAuthor());
        List<ServerFrame> own = new ArrayList<>(2);
        // An answer to a poll is not sent back either: its Ack is all its author gets.
        RoomEvent seen = Visibility.viewOf(event.getAuthor(), teaches(state, event.getAuthor()), event);
        if (event.getBodyCase() != RoomEvent.BodyCase.LEFT && seen != null) {
            own.add(ServerFrame.newBuilder().setEvent(seen).build());
        }
        own.add(ack(accepted.clientSeq(), event.getSeq()));
        outbox.tell(accepted.sender(), new Deliver(own));
        afterWritten(state, event);
    }

    /** What follows an event beyond its broadcast: sessions released or let in, media routed again. */
    private void afterWritten(RoomState state, RoomEvent event) {
        switch (event.getBodyCase()) {
            case LEFT -> release(event.getAuthor(), new Close(CloseCode.NORMAL, "left the class"));
            case REMOVED -> release(event.getRemoved().getParticipantId(),
                    new Close(CloseCode.REMOVED, "removed from the class"));
            case CLASS_ENDED -> {
                endForEveryone();
                tellGroups(state, unimported(state));
            }
            case ADMITTED -> admitted(state, event);
            case POLL_ANSWERED -> liveResults(state, event.getPollAnswered().getPollId());
            case REFUSED -> event.getRefused().getParticipantIdsList().forEach(participantId ->
                    releaseWaiting(participantId, new Close(CloseCode.REFUSED, "a teacher did not let you in")));
            case ROLE_CHANGED -> reintroduce(state, event.getRoleChanged().getParticipantId());
            case PRESENTATION_CHANGED -> moving = null;
            // Whether the class is a lecture may have changed with it, and with it what students are shown.
            case MAX_PARTICIPANTS_CHANGED -> sessions.keySet().stream().filter(id -> !teaches(state, id)).toList()
                    .forEach(id -> reintroduce(state, id));
            case BREAKOUTS_OPENED, BREAKOUTS_EXTENDED, BREAKOUTS_CLOSED -> {
                tellGroups(state, groupIds(state.breakout()));
                scheduleBreakoutClock(state);
            }
            case BREAKOUT_MOVED -> {
                tellGroups(state, groupIds(state.breakout()));
                sendToGroup(state, event.getBreakoutMoved().getParticipantId());
            }
            case BREAKOUT_NOTICE -> groupIds(state.breakout()).forEach(groupId -> rooms.apply(
                    BreakoutRooms.of(roomId, groupId)).tell(new RoomCommand.BreakoutNotice(event.getBreakoutNotice().getText())));
            default -> { }
        }
        switch (event.getBodyCase()) {
            case LEFT, REMOVED, LOCKS_CHANGED, ROLE_CHANGED, MEDIA_MUTED -> routeMedia(state);
            default -> { }
        }
    }

    /** Each teacher's live tally of the poll, after an answer: names only when the poll is not anonymous. */
    private void liveResults(RoomState state, String pollId) {
        state.poll(pollId).ifPresent(poll -> {
            Deliver tally = Deliver.of(ServerFrame.newBuilder().setPollResults(poll.tally(true)).build());
            Outbox.Batch batch = outbox.batch();
            sessions.forEach((participantId, session) -> {
                if (teaches(state, participantId)) {
                    batch.add(session, tally);
                }
            });
            batch.send();
        });
    }

    /**
     * Admitted students join: after everyone else has seen ParticipantsAdmitted, each gets the whole class in a
     * Welcome, as if they had just joined. One whose session went away during the write gets nothing here; its
     * Detach, handled after this write, finds it on the roster and marks it disconnected.
     */
    private void admitted(RoomState state, RoomEvent event) {
        for (WaitingParticipant admitted : event.getAdmitted().getParticipantsList()) {
            String participantId = admitted.getParticipantId();
            ActorRef<ToSession> session = waitingSessions.remove(participantId);
            if (session != null) {
                context.unwatch(session);
                attach(participantId, session);
                media.attached(participantId);
                outbox.tell(session, Deliver.of(welcome(state, participantId, false)));
            }
        }
        routeMedia(state);
    }

    /**
     * A member whose role changed sees the class as that role does from now on: a teacher the waiting queue and
     * every private message, a student neither. Events only tell what happens next, so the member gets the whole
     * view again, a Welcome{resumed} as a Resync's, after the RoleChanged everyone else gets.
     */
    private void reintroduce(RoomState state, String participantId) {
        ActorRef<ToSession> session = sessions.get(participantId);
        if (session != null) {
            outbox.tell(session, Deliver.of(welcome(state, participantId, true)));
        }
    }

    private Effect<RoomEvent, RoomState> onDetach(RoomState state, String participantId,
                                                  ActorRef<ToSession> session) {
        if (session.equals(waitingSessions.get(participantId))) {
            detachWaiting(participantId);
            if (state.waiting(participantId).isEmpty()) {
                return Effect().none();
            }
            RoomEvent gone = waitingLeft(state, 0, participantId, participantId);
            return persist(gone).thenRun(after -> broadcast(after, gone, ""));
        }
        if (!session.equals(sessions.get(participantId))) {
            return Effect().none();
        }
        detach(participantId);
        routeMedia(state);
        boolean connected = state.member(participantId).map(Member::connected).orElse(false);
        if (!connected) {
            return Effect().none();
        }
        RoomEvent gone = stamp(state, participantId, RoomEvent.newBuilder()
                .setDisconnected(ParticipantDisconnected.newBuilder().setParticipantId(participantId)));
        return persist(gone).thenRun(after -> {
            broadcast(after, gone, "");
            scheduleAgeOut(after);
        });
    }

    private Effect<RoomEvent, RoomState> onHeartbeat(RoomState state, RoomCommand.Heartbeat heartbeat) {
        if (state.created() && !heartbeat.session().equals(sessions.get(heartbeat.participantId()))
                && !heartbeat.session().equals(waitingSessions.get(heartbeat.participantId()))) {
            outbox.tell(heartbeat.session(), new ToSession.Reattach());
        }
        return Effect().none();
    }

    private Effect<RoomEvent, RoomState> onMediaTracks(RoomState state, RoomCommand.MediaTracks report) {
        // A relay that ends takes the tracks off its SFU only: the owner may well go on sending at the source.
        boolean relayEnded = report.change() == TrackChange.REMOVE && !spread.together(report.participantId(), report.owner());
        if (report.session().equals(sessions.get(report.participantId())) && !relayEnded) {
            media.report(state, report.participantId(), report.owner(), report.change(), report.tracks());
            routeMedia(state);
        }
        return Effect().none();
    }

    /** After a crash the journal says some are connected whose sessions died with the old node. */
    private Effect<RoomEvent, RoomState> onReconcilePresence(RoomState state, ReconcilePresence reconcile) {
        List<RoomEvent> stale = new ArrayList<>();
        for (Member member : state.members()) {
            if (member.connected() && !sessions.containsKey(member.id())) {
                stale.add(stamp(state, stale.size(), "", RoomEvent.newBuilder()
                        .setDisconnected(ParticipantDisconnected.newBuilder().setParticipantId(member.id()))));
            }
        }
        // A waiting student whose session has not come back has gone: the queue shows only who is there.
        for (WaitingParticipant entry : state.waiting()) {
            if (!waitingSessions.containsKey(entry.getParticipantId())) {
                stale.add(waitingLeft(state, stale.size(), "", entry.getParticipantId()));
            }
        }
        if (stale.isEmpty()) {
            return Effect().none();
        }
        return persist(stale.toArray(RoomEvent[]::new)).thenRun(after -> {
            stale.forEach(event -> broadcast(after, event, ""));
            scheduleAgeOut(after);
        });
    }

    private Effect<RoomEvent, RoomState> onAgeOut(RoomState state) {
        List<RoomEvent> gone = absent(state);
        if (gone.isEmpty()) {
            scheduleAgeOut(state);
            return Effect().none();
        }
        return persist(gone.toArray(RoomEvent[]::new)).thenRun(after -> {
            gone.forEach(event -> broadcast(after, event, ""));
            scheduleAgeOut(after);
        });
    }

    /**
     * ParticipantLeft events, seqs following the pending ones, for everyone disconnected longer than absent-after,
     * and for the longest gone of the students disconnected past as many as the class seats: one student link
     * could otherwise fill the roster, and every Welcome, with an hour of names that never come back.
     */
    private List<RoomEvent> absent(RoomState state) {
        List<RoomEvent> gone = new ArrayList<>();
        Set<String> leaving = new LinkedHashSet<>(state.absentees(clock.millis(), settings.absentAfter().toMillis()));
        leaving.addAll(state.longestGone(settings.capacity().of(state)));
        for (String participantId : leaving) {
            if (!sessions.containsKey(participantId)) {
                gone.add(stamp(state, gone.size(), "", RoomEvent.newBuilder()
                        .setLeft(ParticipantLeft.newBuilder().setParticipantId(participantId).setAbsent(true)
                                .setRole(state.member(participantId).map(Member::role).orElse(Role.ROLE_UNSPECIFIED)))));
            }
        }
        return gone;
    }

    private void scheduleAgeOut(RoomState state) {
        state.nextAbsence(settings.absentAfter().toMillis()).ifPresentOrElse(
                due -> timers.startSingleTimer(AgeOut.INSTANCE, Duration.ofMillis(Math.max(0, due - clock.millis()) + 10)),
                () -> timers.cancel(AgeOut.INSTANCE));
    }

    private Effect<RoomEvent, RoomState> onPassivateIfIdle(RoomState state, PassivateIfIdle passivate) {
        if (sessions.isEmpty() && waitingSessions.isEmpty()) {
            shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
        }
        return Effect().none();
    }

    private Effect<RoomEvent, RoomState> onStop(RoomState state, Stop stop) {
        incarnation.stopping(pending.size(), sessions.size() + waitingSessions.size());
        stopping = true;
        EffectBuilder<RoomEvent, RoomState> written = pending.isEmpty() ? Effect().none() : persist();
        return written.thenRun(after -> {
            ToSession.Reattach reattach = new ToSession.Reattach();
            Outbox.Batch batch = outbox.batch();
            sessions.values().forEach(session -> batch.add(session, reattach));
            waitingSessions.values().forEach(session -> batch.add(session, reattach));
            batch.send();
            // Not stopped here: the commands stashed during the write come first, and are passed on.
            context.getSelf().tell(StopNow.INSTANCE);
        });
    }

    /**
     * A command to a stopping class, sent to its next run. A heartbeat is not: the session sends another within
     * seconds, and the next run would answer this one with a second Reattach. The class's own timers and signals
     * end with it: its next run starts them again from the journal.
     */
    private Effect<RoomEvent, RoomState> passOn(RoomProtocol command) {
        if (command instanceof RoomCommand forCaller && !(command instanceof RoomCommand.Heartbeat)) {
            rooms.apply(roomId).tell(forCaller);
        }
        return Effect().none();
    }

    /** The plan's group ids. */
    private static List<String> groupIds(BreakoutPlan plan) {
        return plan.getGroupsList().stream().map(BreakoutGroup::getId).toList();
    }

    /** In a class whose groups are closed: those whose board has not come back yet. */
    private static List<String> unimported(RoomState state) {
        BreakoutPlan plan = state.breakout();
        if (plan.getOpen() || state.isBreakoutGroup()) {
            return List.of();
        }
        return groupIds(plan).stream().filter(id -> !plan.getImportedList().contains(id)).toList();
    }

    /** Tells each of these groups the class's plan as it stands; each answers with a GroupAnswered. */
    private void tellGroups(RoomState state, List<String> groupIds) {
        BreakoutPlan plan = state.breakout().toBuilder().setClassId(roomId).build();
        for (String groupId : groupIds) {
            context.ask(BreakoutGroupReply.class, rooms.apply(BreakoutRooms.of(roomId, groupId)), GROUP_ANSWER,
                    replyTo -> new RoomCommand.SetBreakout(groupId, plan, state.locks(), replyTo),
                    (reply, failure) -> new GroupAnswered(groupId, reply, failure));
        }
    }

    /**
     * A group heard the plan. While open, its members still in the class go to it (it exists now); once closed,
     * its board comes back. An answer to an earlier plan changes nothing.
     */
    private Effect<RoomEvent, RoomState> onGroupAnswered(RoomState state, GroupAnswered answered) {
        BreakoutPlan plan = state.breakout();
        Optional<BreakoutGroup> group = BreakoutRules.group(plan, answered.groupId());
        if (group.isEmpty() || plan.getImportedList().contains(answered.groupId())) {
            return Effect().none();
        }
        if (answered.failure() != null) {
            // Its node may have gone: its shard starts elsewhere, where it hears the plan again.
            RetellGroup retell = new RetellGroup(answered.groupId());
            timers.startSingleTimer(retell, retell, Duration.ofSeconds(1));
            return Effect().none();
        }
        if (plan.getOpen()) {
            group.get().getMembersList().forEach(member -> sendToGroup(state, member));
            return Effect().none();
        }
        if (!answered.reply().closed()) {
            return Effect().none();
        }
        return importBoard(state, group.get(), answered.reply().board());
    }

    /**
     * The closed group's board as new pages of the class's board, through the whiteboard rules like a teacher's
     * batch, and the group marked as brought back, in one write. A board the rules refuse stays with the group.
     */
    private Effect<RoomEvent, RoomState> importBoard(RoomState state, BreakoutGroup group, WhiteboardDocument board) {
        List<RoomEvent.Builder> changes = new ArrayList<>();
        List<WhiteboardBatch> pendingBoard = pendingBoard();
        long maxLamport = state.whiteboard().maxLamport();
        for (WhiteboardBatch batch : pendingBoard) {
            for (var op : batch.getOpsList()) {
                maxLamport = Long.compareUnsigned(op.getLamport(), maxLamport) > 0 ? op.getLamport() : maxLamport;
            }
        }
        BreakoutBoards.pages(group.getId(), group.getName(), board, state.whiteboard().toProto(), maxLamport,
                        BreakoutBoards.MAX_BYTES)
                .ifPresent(batch -> {
                    Decision decision = WhiteboardRules.batch(state, BreakoutBoards.ROOM, batch, pendingBoard);
                    if (decision instanceof Decision.Accept accept) {
                        changes.add(accept.event());
                    } else {
                        context.getLog().warn("the board of group {} stays with it: {}", group.getId(), decision);
                    }
                });
        changes.add(BreakoutRules.imported(group.getId()));
        RoomEvent[] events = new RoomEvent[changes.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = stamp(state, i, "", changes.get(i));
        }
        return persist(events).thenRun(after -> send(after, writeOf(after, List.of(events)), ""));
    }

    /** A member of the class in one of its open groups goes there, if their session is here. */
    private void sendToGroup(RoomState state, String participantId) {
        ActorRef<ToSession> session = sessions.get(participantId);
        BreakoutPlan plan = state.breakout();
        if (session == null || state.isBreakoutGroup() || !plan.getOpen()) {
            return;
        }
        BreakoutRules.groupOf(plan, participantId)
                .ifPresent(group -> outbox.tell(session, Deliver.of(BreakoutRules.goTo(roomId, plan, group))));
    }

    /** A class closes its groups when their time is up; a group tells its class, which checks on its own clock. */
    private Effect<RoomEvent, RoomState> onBreakoutClock(RoomState state) {
        BreakoutPlan plan = state.breakout();
        if (!plan.getOpen()) {
            return Effect().none();
        }
        if (state.isBreakoutGroup()) {
            rooms.apply(plan.getClassId()).tell(new RoomCommand.BreakoutDue());
            return Effect().none();
        }
        if (clock.millis() < plan.getEndsAtMs()) {
            scheduleBreakoutClock(state);
            return Effect().none();
        }
        RoomEvent closed = stamp(state, "", BreakoutRules.closed(true));
        return persist(closed).thenRun(after -> {
            broadcast(after, closed, "");
            afterWritten(after, closed);
        });
    }

    /**
     * From the state alone, so a class or group that moved node keeps the end. A group rings a little later than
     * its class: it only wakes a class that has passivated or moved.
     */
    private void scheduleBreakoutClock(RoomState state) {
        BreakoutPlan plan = state.breakout();
        if (!plan.getOpen()) {
            timers.cancel(BreakoutClock.INSTANCE);
            return;
        }
        long left = Math.max(0, plan.getEndsAtMs() - clock.millis()) + (state.isBreakoutGroup() ? 500 : 0);
        timers.startSingleTimer(BreakoutClock.INSTANCE, Duration.ofMillis(left));
    }

    /**
     * A group hears its class's plan: made on the first (titled with its name; the class's locks, with drawing and
     * each other's cameras open to students), then follows it. Answers once written, with its board when closed.
     */
    private Effect<RoomEvent, RoomState> onSetBreakout(RoomState state, RoomCommand.SetBreakout set) {
        Optional<BreakoutGroup> group = BreakoutRules.group(set.plan(), set.groupId());
        if ((state.created() && !state.isBreakoutGroup()) || group.isEmpty()) {
            context.getLog().warn("{} is not group {} of a class", roomId, set.groupId());
            return Effect().none();
        }
        List<RoomEvent.Builder> changes = new ArrayList<>();
        if (!state.created()) {
            changes.add(RoomEvent.newBuilder().setCreated(RoomCreated.newBuilder().setTitle(group.get().getName())));
            Locks locks = set.locks().toBuilder().setStudentsMayDraw(true).setStudentsSeeEachOther(true).build();
            changes.add(RoomEvent.newBuilder().setLocksChanged(LocksChanged.newBuilder().setLocks(locks)));
        }
        if (!state.isBreakoutGroup() || !set.plan().equals(state.breakout())) {
            changes.add(RoomEvent.newBuilder().setBreakoutGroupSet(
                    BreakoutGroupSet.newBuilder().setGroupId(set.groupId()).setPlan(set.plan())));
        }
        if (changes.isEmpty()) {
            return Effect().reply(set.replyTo(), groupAnswer(state));
        }
        RoomEvent[] events = new RoomEvent[changes.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = stamp(state, i, "", changes.get(i));
        }
        return persist(events).thenRun(after -> {
            send(after, writeOf(after, List.of(events)), "");
            followPlan(after);
            scheduleBreakoutClock(after);
        }).thenReply(set.replyTo(), this::groupAnswer);
    }

    private BreakoutGroupReply groupAnswer(RoomState state) {
        boolean closed = !state.breakout().getOpen();
        return new BreakoutGroupReply(state.breakoutGroupId(), closed,
                closed ? state.whiteboard().toProto() : WhiteboardDocument.getDefaultInstance());
    }

    /** In a group: who is no longer of it goes where the plan says, everyone back to the class once it closed. */
    private void followPlan(RoomState state) {
        for (String participantId : List.copyOf(sessions.keySet())) {
            Role role = state.member(participantId).map(Member::role).orElse(Role.ROLE_STUDENT);
            elsewhere(state, participantId, role).ifPresent(frame -> {
                ActorRef<ToSession> session = sessions.get(participantId);
                detach(participantId);
                outbox.tell(session, Deliver.of(frame));
                outbox.tell(session, new Close(CloseCode.MOVED, "sent to another room"));
            });
        }
    }

    /** Where a participant of this group belongs instead, if not here: another group, or back in the class. */
    private Optional<ServerFrame> elsewhere(RoomState state, String participantId, Role role) {
        BreakoutPlan plan = state.breakout();
        if (!plan.getOpen()) {
            return Optional.of(ServerFrame.newBuilder().setBreakoutOver(BreakoutOver.newBuilder().setClassId(plan.getClassId())).build());
        }
        if (role == Role.ROLE_TEACHER || BreakoutRules.group(plan, state.breakoutGroupId())
                .map(g -> g.getMembersList().contains(participantId)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(BreakoutRules.groupOf(plan, participantId)
                .map(other -> BreakoutRules.goTo(plan.getClassId(), plan, other))
                .orElseGet(() -> ServerFrame.newBuilder().setBreakoutOver(BreakoutOver.newBuilder().setClassId(plan.getClassId())).build()));
    }

    /**
     * In a group, whoever connects and does not belong is refused: a student of another group (with a link of that
     * group, or an older one of this group before a move) gets {@code forbidden}; after the end, everyone is sent
     * back to the class. A teacher of the class may be in any group.
     */
    private boolean sentElsewhere(RoomState state, RoomCommand.Connect connect) {
        if (!state.isBreakoutGroup()) {
            return false;
        }
        Role role = state.member(connect.participantId()).map(Member::role).orElse(connect.role());
        Optional<ServerFrame> frame = elsewhere(state, connect.participantId(), role);
        if (frame.isEmpty()) {
            return false;
        }
        if (state.breakout().getOpen()) {
            outbox.tell(connect.session(), Deliver.of(error(connect.clientSeq(), ErrorCode.FORBIDDEN, "this is not your group")));
            outbox.tell(connect.session(), new Close(CloseCode.REFUSED, "this is not your group"));
        } else {
            outbox.tell(connect.session(), Deliver.of(frame.get()));
            outbox.tell(connect.session(), new Close(CloseCode.MOVED, "the groups are closed: back to the class"));
        }
        return true;
    }

    /** A teacher's message to every group: each group posts it in its chat as the class itself. */
    private Effect<RoomEvent, RoomState> onBreakoutNotice(RoomState state, RoomCommand.BreakoutNotice notice) {
        if (!state.isBreakoutGroup() || !state.breakout().getOpen()) {
            return Effect().none();
        }
        RoomEvent posted = stamp(state, "", RoomEvent.newBuilder().setChat(ChatPosted.newBuilder().setText(notice.text())));
        return persist(posted).thenRun(after -> broadcast(after, posted, ""));
    }

    /** Writes the pending events, then {@code events}, in one journal write; confirms the pending ones once written. */
    private EffectBuilder<RoomEvent, RoomState> persist(RoomEvent... events) {
        List<Pending> written = List.copyOf(pending);
        List<Repeat> repeated = List.copyOf(repeats);
        pending.clear();
        pendingSubmissions.clear();
        repeats.clear();
        welcomedThrough.clear();
        List<RoomEvent> batch = new ArrayList<>(written.size() + events.length);
        written.forEach(waiting -> batch.add(waiting.event()));
        batch.addAll(List.of(events));
        long started = System.nanoTime();
        return Effect().persist(batch).thenRun(after -> {
            metrics.persisted(System.nanoTime() - started);
            settling++;
            context.getSelf().tell(WriteSettled.INSTANCE);
            after.attendance().takeClosed().forEach(session -> publish(new AttendanceClosed(roomId, session)));
            confirmWritten(after, written);
            repeated.forEach(repeat -> outbox.tell(repeat.sender(), Deliver.of(ack(repeat.clientSeq(), repeat.seq()))));
            tellRecorder(after);
        });
    }

    /**
     * Tells the node's recorder whom to record (the teachers on the roster) while the class records, again whenever
     * the teachers change or the class's media moves to another SFU (whose recorder goes on with the same recording), and
     * that the recording stopped once it has (RecordingChanged off, or the class ended).
     */
    private void tellRecorder(RoomState state) {
        Optional<String> recording = state.recording();
        RecordingNotice.Record now = recording.map(id -> new RecordingNotice.Record(roomId, id, state.teacherIds(),
                state.mediaSfu())).orElse(null);
        if (toldRecorder != null && (now == null || !now.recordingId().equals(toldRecorder.recordingId()))) {
            publish(new RecordingNotice.Stop(roomId, toldRecorder.recordingId(), true, toldRecorder.sfu()));
        }
        if (now != null && !now.equals(toldRecorder)) {
            publish(now);
        }
        toldRecorder = now;
    }

    /** To the node's event stream, for the recorder, the attendance writer and the BigBlueButton end callbacks. */
    private <T> void publish(T notice) {
        context.getSystem().eventStream().tell(new EventStream.Publish<>(notice));
    }

    /**
     * Sends what one group-committed write carried: every listener, authors included, the events it
     * may see in one frame; then each author its acks, in order. A class drawing faster than the
     * journal writes costs each listener one message per write, not one per batch; a lecture's teachers
     * get a storm's arrivals the same way. The arrivals then attach, each welcomed with the class as written.
     */
    private void confirmWritten(RoomState state, List<Pending> written) {
        if (written.isEmpty()) {
            return;
        }
        send(state, writeOf(state, written.stream().map(Pending::event).toList()), "");
        Map<ActorRef<ToSession>, List<ServerFrame>> replies = new LinkedHashMap<>();
        List<Arrival> arrivals = new ArrayList<>();
        for (Pending waiting : written) {
            if (!(waiting instanceof Accepted accepted)) {
                arrivals.add((Arrival) waiting);
                continue;
            }
            RoomEvent event = accepted.event();
            List<ServerFrame> reply = replies.computeIfAbsent(accepted.sender(), sender -> new ArrayList<>());
            if (!accepted.sender().equals(sessions.get(event.getAuthor()))) {
                reply.add(ServerFrame.newBuilder().setEvent(event).build()); // detached since: it had no broadcast
            }
            reply.add(ack(accepted.clientSeq(), event.getSeq()));
        }
        Outbox.Batch acks = outbox.batch();
        replies.forEach((sender, frames) -> acks.add(sender, new Deliver(frames)));
        acks.send();
        if (arrivals.isEmpty()) {
            return;
        }
        for (Arrival arrival : arrivals) {
            attach(arrival.participantId(), arrival.session());
            outbox.tell(arrival.session(), Deliver.of(welcome(state, arrival.participantId(), arrival.returning())));
            welcomedThrough.put(arrival.participantId(), state.lastSeq());
            media.attached(arrival.participantId());
        }
        routeMedia(state);
    }

    /** At once, or after the group-commit window: the tests widen it to crash a node between a relay and its write. */
    private void scheduleFlush() {
        if (settings.groupCommitWindow().isZero()) {
            context.getSelf().tell(Flush.INSTANCE);
        } else {
            timers.startSingleTimer(Flush.INSTANCE, settings.groupCommitWindow());
        }
    }

    /** The newest seq accepted, written or pending: the events after the state's follow as written events. */
    private long acceptedSeq(RoomState state) {
        return nextSeq(state) - 1;
    }

    /** The whiteboard batches accepted but not yet written, in order. */
    private List<WhiteboardBatch> pendingBoard() {
        List<WhiteboardBatch> board = new ArrayList<>();
        for (Pending waiting : pending) {
            if (waiting.event().hasWhiteboard()) {
                board.add(waiting.event().getWhiteboard());
            }
        }
        return board;
    }

    private long nextSeq(RoomState state) {
        return state.lastSeq() + pending.size() + 1;
    }

    private RoomEvent stamp(RoomState state, String author, RoomEvent.Builder event) {
        return stamp(state, 0, author, event);
    }

    /** Stamped to follow {@code earlier} events stamped in the same write. */
    private RoomEvent stamp(RoomState state, int earlier, String author, RoomEvent.Builder event) {
        return event.setSeq(nextSeq(state) + earlier).setTimeMs(clock.millis()).setAuthor(author).build();
    }

    private void attach(String participantId, ActorRef<ToSession> session) {
        ActorRef<ToSession> previous = sessions.put(participantId, session);
        if (previous != null && !previous.equals(session)) {
            context.unwatch(previous);
            outbox.tell(previous, new Close(CloseCode.REPLACED, "this participant connected again elsewhere"));
        }
        context.watchWith(session, new SessionTerminated(participantId, session));
        timers.cancel(PassivateIfIdle.INSTANCE);
        load.sessions(sessions.size());
        incarnation.attached(sessions.size() + waitingSessions.size());
    }

    private void attachWaiting(String participantId, ActorRef<ToSession> session) {
        ActorRef<ToSession> previous = waitingSessions.put(participantId, session);
        if (previous != null && !previous.equals(session)) {
            context.unwatch(previous);
            outbox.tell(previous, new Close(CloseCode.REPLACED, "this participant connected again elsewhere"));
        }
        context.watchWith(session, new SessionTerminated(participantId, session));
        timers.cancel(PassivateIfIdle.INSTANCE);
        incarnation.attached(sessions.size() + waitingSessions.size());
    }

    private void releaseWaiting(String participantId, Close close) {
        ActorRef<ToSession> session = waitingSessions.get(participantId);
        if (session != null) {
            detachWaiting(participantId);
            outbox.tell(session, close);
        }
    }

    private void detachWaiting(String participantId) {
        ActorRef<ToSession> session = waitingSessions.remove(participantId);
        if (session != null) {
            context.unwatch(session);
        }
        scheduleIdlePassivation();
    }

    private void release(String participantId, Close close) {
        ActorRef<ToSession> session = sessions.get(participantId);
        if (session != null) {
            detach(participantId);
            outbox.tell(session, close);
        }
    }

    private void detach(String participantId) {
        media.detached(participantId);
        spread.left(participantId);
        ActorRef<ToSession> session = sessions.remove(participantId);
        if (session != null) {
            context.unwatch(session);
        }
        load.sessions(sessions.size());
        scheduleIdlePassivation();
    }

    private void scheduleIdlePassivation() {
        if (sessions.isEmpty() && waitingSessions.isEmpty()) {
            timers.startSingleTimer(PassivateIfIdle.INSTANCE, settings.idlePassivation());
        }
    }

    private void broadcast(RoomState state, RoomEvent event, String except) {
        send(state, writeOf(state, List.of(event)), except);
    }

    private WriteBroadcast writeOf(RoomState state, List<RoomEvent> events) {
        return new WriteBroadcast(events, hiddenFromStudents(state));
    }

    private Predicate<RoomEvent> hiddenFromStudents(RoomState state) {
        return settings.capacity().lecture(state) ? Lecture.hiddenFromStudents(state) : WriteBroadcast.NOTHING_HIDDEN;
    }

    /** Whether a student coming in now would be refused: teachers take no seat, and always come in. */
    private boolean full(RoomState state) {
        return state.connectedStudents() + arrivingStudents() >= settings.capacity().of(state);
    }

    private void presenceChanged() {
        if (!presenceDue) {
            presenceDue = true;
            timers.startSingleTimer(PresenceTick.INSTANCE, settings.capacity().presenceWindow());
        }
    }

    /** The lecture's count to its students, if it changed since they were last told. */
    private Effect<RoomEvent, RoomState> onPresenceTick(RoomState state) {
        presenceDue = false;
        int connected = state.connectedCount();
        if (connected != presenceSent && settings.capacity().lecture(state)) {
            presenceSent = connected;
            Deliver count = Deliver.of(ServerFrame.newBuilder().setPresence(Presence.newBuilder().setConnected(connected)).build());
            Outbox.Batch batch = outbox.batch();
            sessions.forEach((participantId, session) -> {
                if (!teaches(state, participantId)) {
                    batch.add(session, count);
                }
            });
            batch.send();
        }
        return Effect().none();
    }

    /** Counts the frames sent once per write, not once per listener: this loop is the class's busiest. */
    private void send(RoomState state, WriteBroadcast events, String except) {
        if (settings.capacity().lecture(state) && events.any(Lecture::changesPresence)) {
            presenceChanged();
        }
        int delivered = 0;
        Outbox.Batch batch = outbox.batch();
        for (Map.Entry<String, ActorRef<ToSession>> listener : sessions.entrySet()) {
            if (!listener.getKey().equals(except)) {
                ToSession.Broadcast frame = events.forListener(listener.getKey(), teaches(state, listener.getKey()));
                if (frame != null && frame.lastSeq() > welcomedThrough.getOrDefault(listener.getKey(), 0L)) {
                    batch.add(listener.getValue(), frame);
                    delivered++;
                }
            }
        }
        batch.send();
        load.delivered(delivered);
    }

    /**
     * A session attached: routed with those attached in the same turn of the mailbox. Routing weighs every
     * attached session, so a class taking its 300 sessions back after a move would otherwise route 300 times.
     */
    private void routeMediaSoon(String attachedNow) {
        media.attached(attachedNow);
        if (!mediaRouteDue) {
            mediaRouteDue = true;
            context.getSelf().tell(RouteMedia.INSTANCE);
        }
    }

    /** Sends each attached session its media route and the publications, where they changed. */
    private void routeMedia(RoomState state) {
        MediaRouting.Update update = media.update(state, sessions.keySet());
        Outbox.Batch routes = outbox.batch();
        update.routes().forEach((participantId, route) -> routes.add(sessions.get(participantId), route));
        routes.send();
        if (!update.stateTo().isEmpty()) {
            Deliver frame = Deliver.of(ServerFrame.newBuilder().setMediaState(update.state()).build());
            Outbox.Batch states = outbox.batch();
            update.stateTo().forEach(participantId -> states.add(sessions.get(participantId), frame));
            states.send();
        }
        Outbox.Batch placements = outbox.batch();
        spread.relayChanges(state).forEach((participantId, placed) -> {
            ActorRef<ToSession> session = sessions.get(participantId);
            if (session != null) {
                placements.add(session, placed);
            }
        });
        placements.send();
    }

    /** @param except the one participant left out, or null for none */
    /** To every session but {@code except}'s; {@code liveSeq} is a live batch's seq, 0 for ephemeral traffic. */
    private void relay(ServerFrame frame, String except, long liveSeq) {
        ToSession.Relay relay = new ToSession.Relay(ByteString.fromArrayUnsafe(frame.toByteArray()), liveSeq);
        Outbox.Batch batch = outbox.batch();
        sessions.forEach((participantId, session) -> {
            if (!participantId.equals(except)) {
                batch.add(session, relay);
            }
        });
        batch.send();
    }

    private static boolean teaches(RoomState state, String participantId) {
        return state.member(participantId).map(Member::isTeacher).orElse(false);
    }

    /** The snapshot with the presenter's view as it is now, moved since it was written or not. */
    private RoomSnapshot.Builder presented(RoomSnapshot.Builder snapshot) {
        return moving == null ? snapshot : snapshot.setPresentation(moving);
    }

    private ServerFrame welcome(RoomState state, String participantId, boolean resumed) {
        Role role = state.member(participantId).map(Member::role).orElse(Role.ROLE_STUDENT);
        boolean lecture = settings.capacity().lecture(state);
        RoomSnapshot.Builder view = presented(state.viewFor(roomId, participantId).toBuilder())
                .setServerTimeMs(clock.millis())
                .setMaxParticipants(settings.capacity().of(state))
                .setConnected(state.connectedCount())
                .setLecture(lecture);
        return ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setParticipantId(participantId)
                .setRole(role)
                .setRoom(lecture && role != Role.ROLE_TEACHER ? Lecture.forStudent(view, participantId) : view)
                .setLastSeq(state.lastSeq())
                .setAcceptedSeq(acceptedSeq(state))
                .setResumed(resumed)).build();
    }
}
