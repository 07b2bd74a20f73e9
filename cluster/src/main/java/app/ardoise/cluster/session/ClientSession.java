package app.ardoise.cluster.session;

import static app.ardoise.protocol.ServerFrames.error;

import app.ardoise.cluster.auth.TokenCheck;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.contract.SessionProtocol;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.rate.TokenBucket;
import app.ardoise.cluster.ws.ConnectionEvent;
import app.ardoise.cluster.ws.ConnectionEvent.ClientMessage;
import app.ardoise.cluster.ws.WebSocketCloser;
import app.ardoise.media.SfuPool;
import app.ardoise.media.SfuEvent;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.LinkRenewed;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.NewLink;
import app.ardoise.protocol.v1.Pong;
import app.ardoise.protocol.v1.ResumeGrant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.util.ByteString;

/**
 * One WebSocket connection. It decodes client frames, answers what needs no room (Ping, bad frames,
 * rate limits), forwards the rest to the room, and writes the room's frames into a bounded queue:
 * a client that lets the queue fill is closed alone, so it can never slow its room down.
 */
public final class ClientSession extends AbstractBehavior<SessionProtocol> implements ToSession.Handler<Behavior<SessionProtocol>>,
        ConnectionEvent.Handler<Behavior<SessionProtocol>>, SessionEvent.Handler<Behavior<SessionProtocol>> {

    /** Everything a session needs that outlives it: the room, the token service, limits, meters. */
    public record Wiring(String roomId, EntityRef<RoomProtocol> room, TokenService tokens,
                         SessionSettings settings, ArdoiseMetrics metrics, Clock clock, Optional<SfuPool> sfu) {}

    /** Only the stream's start and first message can arrive before the queue: inbound waits for acks. */
    private static final int WAITING_FOR_QUEUE = 8;
    /** The Resyncs a session answers: a burst for a client that drifted twice in a row, then one a second. */
    static final double RESYNCS_PER_SECOND = 1;
    static final double RESYNC_BURST = 3;

    /** Its name's prefix, by which a drain finds every session of the node ({@link Drain}). */
    static final String NAME_PREFIX = "session-";
    /** Names unique in this JVM: a counter's few characters rather than a UUID's 36, held by every connection. */
    private static final AtomicLong NAMES = new AtomicLong();

    /** Starts the session actor of a new connection; its stream stage talks to it through the returned ref. */
    public static ActorRef<ConnectionEvent> start(ActorSystem<?> system, Wiring wiring, WebSocketCloser closer) {
        ActorRef<SessionProtocol> session = system.systemActorOf(create(wiring, closer),
                NAME_PREFIX + Long.toString(NAMES.incrementAndGet(), Character.MAX_RADIX), Props.empty());
        return session.narrow();
    }

    static Behavior<SessionProtocol> create(Wiring wiring, WebSocketCloser closer) {
        return Behaviors.withStash(WAITING_FOR_QUEUE, stash -> Behaviors.receive(SessionProtocol.class)
                .onMessage(ConnectionEvent.Outbound.class, ready -> stash.unstashAll(Behaviors.withTimers(timers -> {
                    timers.startTimerWithFixedDelay(new SessionEvent.CheckRoom(), wiring.settings().roomHeartbeat());
                    timers.startSingleTimer(new SessionEvent.JoinDeadline(), wiring.settings().joinTimeout());
                    return Behaviors.setup(context -> new ClientSession(context, timers, wiring, ready.queue(), closer));
                })))
                .onAnyMessage(early -> {
                    stash.stash(early);
                    return Behaviors.same();
                })
                .build());
    }

    private final TimerScheduler<SessionProtocol> timers;
    private final Wiring wiring;
    private final BoundedSourceQueue<Message> outbound;
    private final WebSocketCloser closer;
    // The rate buckets and the media side are made on first use: most participants of a class never
    // draw or use media, and an idle connection's heap is what limits how many a node holds.
    private TokenBucket chatRate;
    private TokenBucket actionRate;
    private TokenBucket whiteboardRate;
    private TokenBucket ephemeralRate;
    private TokenBucket resyncRate;
    private SessionMedia media;
    /** The room's last media route while there is no media side yet; handed to it when it is made. */
    private ToSession.MediaRoute mediaRoute;
    /** Set when a frame from the media side found the client's queue full; handled like any slow client. */
    private boolean mediaOverflowed;
    private String participantId;
    private Role role = Role.ROLE_UNSPECIFIED;
    /** Who this participant is when the room has taken them off its roster: carried in the resume token. */
    private String name = "";
    private Role linkRole = Role.ROLE_UNSPECIFIED;
    /** The generation of that link, carried into the resume token: the room refuses a renewed link's. */
    private long linkGeneration;
    private long lastSeq;
    /** When this session's Join arrived, until its Welcome is queued: the join latency the node reports. */
    private long joinArrived;
    /** In the waiting room: the room refuses its actions, and its media must not reach the SFU either. */
    private boolean waiting;
    /** The client asked for written marks (Join.written_marks); {@link #marks} is made with its first live batch. */
    private boolean wantsMarks;
    private WrittenMarks marks;
    /** Actions the class has not answered yet, to send again after a move ({@link Unanswered}); made with the first one. */
    private Unanswered unanswered;

    private ClientSession(ActorContext<SessionProtocol> context, TimerScheduler<SessionProtocol> timers, Wiring wiring,
                          BoundedSourceQueue<Message> outbound, WebSocketCloser closer) {
        super(context);
        this.timers = timers;
        this.wiring = wiring;
        this.outbound = outbound;
        this.closer = closer;
        wiring.metrics().sessionOpened();
    }

    @Override
    public Receive<SessionProtocol> createReceive() {
        // One small object instead of a receive builder's cases and lambdas: every connected participant
        // holds its session's receive for as long as it is connected.
        return new Receive<>() {
            @Override
            public Behavior<SessionProtocol> receiveMessage(SessionProtocol message) {
                return onMessage(message);
            }

            @Override
            public Behavior<SessionProtocol> receiveSignal(Signal signal) {
                if (signal instanceof PostStop) {
                    if (media != null) {
                        media.leave();
                    }
                    wiring.metrics().sessionClosed();
                    return ClientSession.this;
                }
                return Behaviors.unhandled();
            }
        };
    }

    /** Every message is named by one of the three handlers this class implements; a new one does not compile unhandled. */
    private Behavior<SessionProtocol> onMessage(SessionProtocol message) {
        if (message instanceof ToSession fromRoom) {
            return fromRoom.accept(this);
        }
        if (message instanceof ConnectionEvent fromStream) {
            return fromStream.accept(this);
        }
        return ((SessionEvent) message).accept(this);
    }

    @Override
    public Behavior<SessionProtocol> outbound(ConnectionEvent.Outbound outbound) {
        return Behaviors.unhandled(); // the one Outbound of a connection made this behaviour (create)
    }

    @Override
    public Behavior<SessionProtocol> streamStarted(ConnectionEvent.StreamStarted started) {
        started.ackTo().tell(ConnectionEvent.StreamAck.INSTANCE);
        return this;
    }

    @Override
    public Behavior<SessionProtocol> drain(SessionEvent.Drain drain) {
        closer.close(CloseCode.RECONNECT, "this server is restarting: reconnect");
        return detachAndStop();
    }

    @Override
    public Behavior<SessionProtocol> mediaEvent(SessionEvent.MediaEvent event) {
        if (media != null) { // events only come from a stream the media side opened
            media.onEvent(event.generation(), event.event());
        }
        return afterMedia();
    }

    @Override
    public Behavior<SessionProtocol> mediaRoute(ToSession.MediaRoute route) {
        if (media != null) {
            media.route(route);
        } else {
            mediaRoute = route; // without a stream, a route is only remembered: so it is here
        }
        return this;
    }

    @Override
    public Behavior<SessionProtocol> mediaPlaced(ToSession.MediaPlaced placed) {
        if (media != null) {
            media.placed(placed);
        }
        return afterMedia();
    }

    @Override
    public Behavior<SessionProtocol> inbound(ConnectionEvent.Inbound inbound) {
        wiring.metrics().frameIn();
        Behavior<SessionProtocol> next = inbound.message() instanceof ClientMessage.Binary binary
                ? onClientBytes(binary.bytes())
                : send(error(0, ErrorCode.TEXT_FRAME, "frames are binary Protobuf ClientFrame messages"));
        inbound.ackTo().tell(ConnectionEvent.StreamAck.INSTANCE);
        return next;
    }

    private Behavior<SessionProtocol> onClientBytes(ByteString bytes) {
        ClientFrame frame;
        try {
            frame = ClientFrame.parseFrom(bytes.toArrayUnsafe());
        } catch (InvalidProtocolBufferException e) {
            return send(error(0, ErrorCode.MALFORMED, "not a ClientFrame: " + e.getMessage()));
        }
        long clientSeq = frame.getClientSeq();
        return switch (frame.getBodyCase()) {
            case JOIN -> onJoin(frame);
            case RESUME -> onResume(frame);
            case PING -> send(ServerFrame.newBuilder()
                    .setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce())).build());
            case BODY_NOT_SET -> send(error(clientSeq, ErrorCode.INVALID, "the frame has no body"));
            case CHAT -> chatRate().tryTake() ? submit(frame)
                    : send(error(clientSeq, ErrorCode.RATE_LIMITED,
                            "at most " + (int) wiring.settings().chatPerSecond() + " messages a second"));
            case WHITEBOARD -> whiteboardRate().tryTake() ? submit(frame)
                    : send(error(clientSeq, ErrorCode.RATE_LIMITED, "too many whiteboard changes: slow down"));
            case LIVE_STROKE, CURSOR, REACTION -> ephemeralRate().tryTake() ? submit(frame) : this;
            // A view on the move is paced like a pointer; a page turn or a settled view is written, like any action.
            case PRESENT -> frame.getPresent().getSettled()
                    ? (actionRate().tryTake() ? submit(frame)
                            : send(error(clientSeq, ErrorCode.RATE_LIMITED, "too many actions: slow down")))
                    : (ephemeralRate().tryTake() ? submit(frame) : this);
            // A Resync is answered with the whole class (board and chat, megabytes in a busy one): at the action pace
            // one student's raw socket made the node encode a core's worth of Welcomes. A browser asks once per drift.
            case RESYNC -> resyncRate().tryTake() ? submit(frame)
                    : send(error(clientSeq, ErrorCode.RATE_LIMITED, "at most " + (int) RESYNCS_PER_SECOND
                            + " resync a second, " + (int) RESYNC_BURST + " at once"));
            case MEDIA -> actionRate().tryTake() ? onMedia(frame)
                    : send(error(clientSeq, ErrorCode.RATE_LIMITED, "too many media messages: slow down"));
            default -> actionRate().tryTake() ? submit(frame)
                    : send(error(clientSeq, ErrorCode.RATE_LIMITED, "too many actions: slow down"));
        };
    }

    private Behavior<SessionProtocol> onJoin(ClientFrame frame) {
        if (participantId != null) {
            return send(error(frame.getClientSeq(), ErrorCode.INVALID, "already in the class"));
        }
        joinArrived = System.nanoTime();
        TokenCheck<JoinGrant> check = wiring.tokens().verifyJoin(frame.getJoin().getToken(), wiring.roomId());
        if (!check.isValid()) {
            return send(error(frame.getClientSeq(), ErrorCode.BAD_TOKEN, "this link is not valid for this class"));
        }
        JoinGrant grant = check.grant();
        // A breakout group's link is for one participant of its class, under the name they have there.
        String typed = grant.getName().isEmpty() ? DisplayNames.clean(frame.getJoin().getDisplayName()) : grant.getName();
        if (typed.isEmpty() || typed.length() > Limits.MAX_NAME_CHARS) {
            return send(error(frame.getClientSeq(), ErrorCode.INVALID,
                    "a name has 1 to " + Limits.MAX_NAME_CHARS + " characters"));
        }
        participantId = grant.getParticipantId().isEmpty() ? ParticipantIds.next() : grant.getParticipantId();
        wantsMarks = frame.getJoin().getWrittenMarks();
        role = grant.getRole();
        linkRole = role;
        linkGeneration = grant.getLinkGeneration();
        name = typed;
        wiring.room().tell(new RoomCommand.Connect(participantId, typed, role, false, 0, frame.getClientSeq(),
                linkGeneration, self()));
        return this;
    }

    private Behavior<SessionProtocol> onResume(ClientFrame frame) {
        if (participantId != null) {
            return send(error(frame.getClientSeq(), ErrorCode.INVALID, "already in the class"));
        }
        var resume = frame.getResume();
        TokenCheck<ResumeGrant> check = wiring.tokens().verifyResume(resume.getResumeToken(), wiring.roomId());
        if (!check.isValid() || !check.grant().getParticipantId().equals(resume.getParticipantId())) {
            return send(error(frame.getClientSeq(), ErrorCode.BAD_TOKEN, "cannot resume: join again"));
        }
        participantId = resume.getParticipantId();
        wantsMarks = resume.getWrittenMarks();
        lastSeq = resume.getLastSeq();
        name = check.grant().getName();
        linkRole = check.grant().getLinkRole();
        linkGeneration = check.grant().getLinkGeneration();
        wiring.room().tell(new RoomCommand.Connect(participantId, name, linkRole, true, lastSeq, frame.getClientSeq(),
                linkGeneration, self()));
        return this;
    }

    private Behavior<SessionProtocol> submit(ClientFrame frame) {
        if (participantId == null) {
            return send(error(frame.getClientSeq(), ErrorCode.NOT_JOINED, "join the class first"));
        }
        if (Unanswered.recognisable(frame)) {
            if (unanswered == null) {
                unanswered = new Unanswered();
            }
            unanswered.sent(frame);
        }
        wiring.room().tell(new RoomCommand.Submit(participantId, frame, self()));
        return this;
    }

    private Behavior<SessionProtocol> onMedia(ClientFrame frame) {
        if (participantId == null) {
            return send(error(frame.getClientSeq(), ErrorCode.NOT_JOINED, "join the class first"));
        }
        if (waiting) {
            return send(error(frame.getClientSeq(), ErrorCode.WAITING, "waiting for a teacher to let you in"));
        }
        media().fromClient(participantId, frame.getClientSeq(), frame.getMedia());
        return afterMedia();
    }

    private Behavior<SessionProtocol> afterMedia() {
        return mediaOverflowed ? tooSlow() : this;
    }

    private SessionMedia media() {
        if (media == null) {
            media = new SessionMedia(wiring.sfu(), wiring.roomId(), new MediaOutlet());
            if (mediaRoute != null) {
                media.route(mediaRoute);
                mediaRoute = null;
            }
        }
        return media;
    }

    // A full bucket, as each was when made with the session: the first use finds the whole burst.
    private TokenBucket chatRate() {
        if (chatRate == null) {
            chatRate = bucket(wiring.settings().chatPerSecond());
        }
        return chatRate;
    }

    private TokenBucket actionRate() {
        if (actionRate == null) {
            actionRate = bucket(wiring.settings().actionsPerSecond());
        }
        return actionRate;
    }

    private TokenBucket whiteboardRate() {
        if (whiteboardRate == null) {
            whiteboardRate = bucket(wiring.settings().whiteboardBatchesPerSecond());
        }
        return whiteboardRate;
    }

    private TokenBucket resyncRate() {
        if (resyncRate == null) {
            resyncRate = new TokenBucket(RESYNCS_PER_SECOND, RESYNC_BURST, System::nanoTime);
        }
        return resyncRate;
    }

    private TokenBucket ephemeralRate() {
        if (ephemeralRate == null) {
            ephemeralRate = bucket(wiring.settings().ephemeralPerSecond());
        }
        return ephemeralRate;
    }

    private static TokenBucket bucket(double perSecond) {
        return new TokenBucket(perSecond, perSecond, System::nanoTime);
    }

    @Override
    public Behavior<SessionProtocol> deliver(ToSession.Deliver deliver) {
        LinkRenewed renewed = null;
        for (ServerFrame frame : deliver.frames()) {
            ServerFrame out = frame;
            switch (frame.getBodyCase()) {
                case WAITING -> waiting = true;
                case WELCOME -> {
                    waiting = false;
                    lastSeq = frame.getWelcome().getLastSeq();
                    if (marks != null) {
                        marks.welcomed();
                    }
                    if (unanswered != null) {
                        unanswered.welcomed();
                    }
                    role = frame.getWelcome().getRole();
                    out = frame.toBuilder().setWelcome(frame.getWelcome().toBuilder()
                            .setResumeToken(resumeToken()).setLimits(wiring.settings().clientLimits())).build();
                }
                case EVENT -> {
                    if (frame.getEvent().getSeq() <= lastSeq) {
                        continue;
                    }
                    lastSeq = frame.getEvent().getSeq();
                    // Its own renewal, answered or replayed in a catch-up (a Deliver; others get it as a Broadcast),
                    // unless a later one of the same link in the same catch-up has replaced it.
                    if (frame.getEvent().hasLinkRenewed()) {
                        LinkRenewed link = frame.getEvent().getLinkRenewed();
                        if (frame.getEvent().getAuthor().equals(participantId)) {
                            renewed = link;
                        } else if (renewed != null && renewed.getRole() == link.getRole()) {
                            renewed = null;
                        }
                    }
                }
                case GO_TO_BREAKOUT -> out = frame.toBuilder().setGoToBreakout(frame.getGoToBreakout().toBuilder()
                        .setToken(groupToken(frame.getGoToBreakout().getGroupId()))).build();
                // The end of a catch-up: the class may have restarted since those live batches went out.
                case ACK -> {
                    if (marks != null && frame.getAck().getAcceptedSeq() > 0) {
                        marks.forget();
                    }
                    if (unanswered != null) {
                        unanswered.answered(frame.getAck().getClientSeq());
                    }
                }
                case ERROR -> {
                    if (unanswered != null) {
                        if (unanswered.covers(frame.getError())) {
                            continue;
                        }
                        unanswered.answered(frame.getError().getClientSeq());
                    }
                    String code = frame.getError().getCode();
                    // The class did not take this participant in: the client may join again on this socket, and
                    // until it does the session is no one's (no heartbeat re-attaches it, the join deadline runs).
                    if (ErrorCode.UNKNOWN_PARTICIPANT.equals(code) || ErrorCode.LINK_REVOKED.equals(code)
                            || ErrorCode.ROOM_FULL.equals(code)) {
                        notIn();
                    }
                }
                default -> { }
            }
            if (!offer(out)) {
                return tooSlow();
            }
            if (joinArrived != 0 && out.hasWelcome()) {
                wiring.metrics().joined(System.nanoTime() - joinArrived);
                joinArrived = 0;
            }
        }
        return renewed == null ? this : send(newLink(renewed));
    }

    /**
     * The way into a breakout group, for this participant alone and with the role they have in the class: the room
     * holds no secret, so its session signs it. Good as long as a resume token: a group lasts at most a day. A
     * session resumed without a Welcome knows its role from its link only.
     */
    private String groupToken(String groupRoomId) {
        return wiring.tokens().sign(JoinGrant.newBuilder()
                .setRoom(groupRoomId)
                .setRole(role == Role.ROLE_UNSPECIFIED ? linkRole : role)
                .setExpiresAtEpochS(wiring.clock().instant().plus(wiring.settings().resumeTokenTtl()).getEpochSecond())
                .setParticipantId(participantId)
                .setName(name)
                .build());
    }

    /** The room cannot sign links (it holds no secret): the session of the teacher who renewed one does. */
    private ServerFrame newLink(LinkRenewed renewed) {
        long expires = wiring.clock().instant().plus(wiring.settings().linkTtl()).getEpochSecond();
        String token = wiring.tokens().sign(JoinGrant.newBuilder()
                .setRoom(wiring.roomId())
                .setRole(renewed.getRole())
                .setExpiresAtEpochS(expires)
                .setLinkGeneration(renewed.getGeneration())
                .build());
        return ServerFrame.newBuilder().setNewLink(NewLink.newBuilder()
                .setRole(renewed.getRole()).setToken(token).setExpiresAtEpochS(expires)).build();
    }

    /**
     * A client never gets an event twice, even when two catch-ups overlap after a room moved; one that reads written
     * marks gets a write it holds whole as live batches as a mark only.
     */
    @Override
    public Behavior<SessionProtocol> broadcast(ToSession.Broadcast broadcast) {
        ByteString unseen = Unseen.after(broadcast, lastSeq);
        if (unseen == null) {
            return this;
        }
        long firstUnseen = Math.max(broadcast.firstSeq(), lastSeq + 1);
        lastSeq = broadcast.lastSeq();
        if (marks != null && marks.heldWhole(firstUnseen, broadcast.lastSeq())) {
            wiring.metrics().writtenMarked();
            return this;
        }
        return offer(unseen) ? this : tooSlow();
    }

    /** Ephemeral frames only go into a queue at most a quarter full: a lagging client gets the shapes, not the trail. */
    @Override
    public Behavior<SessionProtocol> relay(ToSession.Relay relay) {
        if (outbound.size() < wiring.settings().outboundBuffer() / 4) {
            if (offer(relay.frame()) && relay.liveSeq() > 0 && wantsMarks) {
                if (marks == null) {
                    marks = new WrittenMarks();
                }
                marks.relayed(relay.liveSeq());
            }
        } else {
            wiring.metrics().ephemeralDropped();
        }
        return this;
    }

    @Override
    public Behavior<SessionProtocol> close(ToSession.Close close) {
        closer.close(close.code(), close.reason());
        return Behaviors.stopped();
    }

    /**
     * Tells the room this session is still attached. A room restarted on another node after a crash
     * does not know its sessions; it answers with Reattach, and the session resumes where it was.
     */
    @Override
    public Behavior<SessionProtocol> checkRoom(SessionEvent.CheckRoom check) {
        if (participantId != null) {
            wiring.room().tell(new RoomCommand.Heartbeat(participantId, self()));
        }
        // A quiet class: the mark no frame carried goes alone, so the client's last seq does not stay behind.
        if (marks != null && marks.owes() && !offer(marks.alone())) {
            return tooSlow();
        }
        return this;
    }

    @Override
    public Behavior<SessionProtocol> reattach(ToSession.Reattach reattach) {
        if (marks != null) {
            marks.forget();
        }
        if (participantId != null) {
            wiring.room().tell(new RoomCommand.Connect(participantId, name, linkRole, true, lastSeq, 0, linkGeneration, self()));
            // After the Connect, so that the class knows this session when they come: what the move may have lost.
            if (unanswered != null) {
                unanswered.again().forEach(frame -> wiring.room().tell(new RoomCommand.Submit(participantId, frame, self())));
            }
            // After the Connect, which the room handles first: a room that restarted knows no media.
            if (media != null) {
                media.attached();
            }
        }
        return this;
    }

    /**
     * Forgets the participant the class refused. A full class used to leave it set: the session then re-sent its
     * Connect on every heartbeat (each answered room_full again), the join deadline never closed the socket, a
     * second Join was "already in the class", and once a seat freed the refused client was let in unasked.
     */
    private void notIn() {
        participantId = null;
        timers.startSingleTimer(new SessionEvent.JoinDeadline(), wiring.settings().joinTimeout());
    }

    /**
     * A socket that never joined would otherwise stay open for ever, kept alive by the server's own pings:
     * one leaked link could hold a node's file descriptors. A browser joins as soon as it connects.
     */
    @Override
    public Behavior<SessionProtocol> joinDeadline(SessionEvent.JoinDeadline deadline) {
        if (participantId != null) {
            return this;
        }
        wiring.metrics().joinTimedOut();
        closer.close(CloseCode.JOIN_TIMEOUT, "join within " + wiring.settings().joinTimeout().toSeconds() + " s");
        return Behaviors.stopped();
    }

    @Override
    public Behavior<SessionProtocol> renewTurn(SessionEvent.RenewTurn renew) {
        if (media != null) {
            media.renewTurn();
        }
        return afterMedia();
    }

    @Override
    public Behavior<SessionProtocol> clientGone(ConnectionEvent.ClientGone gone) {
        return detachAndStop();
    }

    private Behavior<SessionProtocol> detachAndStop() {
        if (participantId != null) {
            wiring.room().tell(new RoomCommand.Detach(participantId, self()));
        }
        return Behaviors.stopped();
    }

    /** The media side's way out: frames to the client, track reports to the room, SFU events back to this actor. */
    private final class MediaOutlet implements SessionMedia.Outlet {
        @Override
        public void toClient(ServerFrame frame) {
            if (!offer(frame)) {
                mediaOverflowed = true;
            }
        }

        @Override
        public void toRoom(TrackChange change, String owner, List<MediaTrack> tracks) {
            if (participantId != null) {
                wiring.room().tell(new RoomCommand.MediaTracks(participantId, self(), owner, change, tracks));
            }
        }

        @Override
        public Consumer<SfuEvent> events(int generation) {
            ActorRef<SessionProtocol> self = getContext().getSelf();
            return event -> self.tell(new SessionEvent.MediaEvent(generation, event));
        }

        @Override
        public void mediaTime(String participant, long talkMs, long cameraMs) {
            wiring.room().tell(new RoomCommand.MediaTime(participant, talkMs, cameraMs));
        }

        @Override
        public void renewTurnAfter(Duration after) {
            // One timer: a credential issued by a re-join replaces the renewal of the one before.
            timers.startSingleTimer(new SessionEvent.RenewTurn(), after);
        }

        @Override
        public BiConsumer<String, String> placement() {
            String participant = participantId;
            ActorRef<ToSession> self = self();
            return (lost, proposal) -> {
                if (participant != null) {
                    List<String> spares = wiring.sfu().map(SfuPool::spares).orElse(List.of());
                    wiring.room().tell(new RoomCommand.PlaceMedia(participant, self, lost, proposal, spares));
                }
            };
        }
    }

    /** This session as the room knows it: the room answers through this ref and nothing else. */
    private ActorRef<ToSession> self() {
        return getContext().getSelf().narrow();
    }

    private String resumeToken() {
        long expires = wiring.clock().instant().plus(wiring.settings().resumeTokenTtl()).getEpochSecond();
        return wiring.tokens().sign(ResumeGrant.newBuilder()
                .setRoom(wiring.roomId())
                .setParticipantId(participantId)
                .setExpiresAtEpochS(expires)
                .setName(name)
                .setLinkRole(linkRole)
                .setLinkGeneration(linkGeneration)
                .build());
    }

    private Behavior<SessionProtocol> send(ServerFrame frame) {
        return offer(frame) ? this : tooSlow();
    }

    private Behavior<SessionProtocol> tooSlow() {
        wiring.metrics().slowClientDisconnected();
        closer.close(CloseCode.TOO_SLOW, "too slow: resume");
        return detachAndStop();
    }

    /** False only when the client let the buffer fill; a closed queue means the client is already gone. */
    private boolean offer(ServerFrame frame) {
        return offer(ByteString.fromArrayUnsafe(frame.toByteArray()));
    }

    private boolean offer(ByteString encoded) {
        if (marks != null && marks.owes()) {
            encoded = marks.marked(encoded);
        }
        QueueOfferResult result = outbound.offer(BinaryMessage.create(encoded));
        if (result == QueueOfferResult.enqueued()) {
            wiring.metrics().framesOut(1);
        }
        return result != QueueOfferResult.dropped();
    }
}
