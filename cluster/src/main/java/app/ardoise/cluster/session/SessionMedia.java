package app.ardoise.cluster.session;

import static app.ardoise.protocol.ServerFrames.error;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.ToSession.MediaRoute;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.media.ActivityWatch;
import app.ardoise.media.Description;
import app.ardoise.media.IceCandidate;
import app.ardoise.media.Join;
import app.ardoise.media.OfferedTracks;
import app.ardoise.media.PublishRights;
import app.ardoise.media.RoutingPolicy;
import app.ardoise.media.SfuClient;
import app.ardoise.media.SfuEvent;
import app.ardoise.media.SfuPool;
import app.ardoise.media.SignalStream;
import app.ardoise.media.Target;
import app.ardoise.media.TrackInfo;
import app.ardoise.media.TrackKind;
import app.ardoise.media.TurnCredential;
import app.ardoise.media.TurnSettings;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.IceServer;
import app.ardoise.protocol.v1.MediaCandidate;
import app.ardoise.protocol.v1.MediaDescription;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.MediaTarget;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's media, inside its session actor (media/ROUTING.md): the SFU Signal stream, the
 * check of every publisher offer against the rights the room last sent (so a refused offer never
 * reaches the SFU), and the subscriptions that make the stream match the room's route. Only the
 * session actor calls it, one message at a time.
 *
 * <p>The rules are the media module's: the offer check is {@link PublishRights#refused} with the
 * rights in the route, and the subscription request is {@link RoutingPolicy#changes}. The route
 * names tracks the room heard of from any session; this stream can subscribe to a track only once
 * its own SFU stream announced it, so what is subscribed is the route's tracks that this stream has
 * seen, kept in step as either side changes.
 *
 * <p>The stream goes to the class's SFU, which the room names (media/README.md, "The SFU pool"): on the browser's
 * join the session asks the room, proposing the least loaded SFU of its node's pool; when the stream breaks and that
 * SFU does not answer a health check either, the session tells the room it is lost, and the room moves the class to
 * another one. Every session then leaves the lost SFU and joins the new one, and the browser, told REJOINED, builds
 * new connections there without a reload.
 */
final class SessionMedia {

    /** Where the session sends what media produces. */
    interface Outlet {
        void toClient(ServerFrame frame);

        void toRoom(TrackChange change, String owner, List<MediaTrack> tracks);

        /** A listener that hands the events of stream number {@code generation} to the session actor. */
        Consumer<SfuEvent> events(int generation);

        /** Talk and camera time the SFU measured of {@code participant}, to the room; called from any thread. */
        void mediaTime(String participant, long talkMs, long cameraMs);

        /** Calls {@link SessionMedia#renewTurn} after this, instead of any renewal asked before. */
        void renewTurnAfter(Duration after);

        /** Asks the room for the class's SFU, given (lost SFU or empty, proposal); the function may run on any thread. */
        BiConsumer<String, String> placement();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionMedia.class);

    private final Optional<SfuPool> sfu;
    private final String roomId;
    private final Outlet outlet;
    private String participantId;
    /** The browser asked to join and has not left: the session wants a stream on the class's SFU. */
    private boolean wanted;
    private SignalStream stream;
    /** The SFU of {@link #stream}. */
    private String streamSfu;
    /** The stream replaces one on a lost SFU: the browser hears REJOINED, not JOINED, and builds new connections. */
    private boolean moving;
    private ActivityWatch activity;
    /** Counts the streams this session opened, so that events still queued from a left one are ignored. */
    private int generation;
    private boolean joined;
    private MediaRoute route = MediaRoute.NOTHING;
    /** Whether the room has sent a route since this session said JOINED: until then rights are unknown. */
    private boolean routed;
    /** A publisher offer that came before the first route, judged when it arrives; a newer one replaces it. */
    private PendingOffer pendingOffer;

    private record PendingOffer(long clientSeq, MediaDescription description) {}
    /** Tracks this stream's SFU session announced, by owner: what can be subscribed. */
    private final Map<String, Map<String, MediaTrack>> announced = new LinkedHashMap<>();
    /** Track id to muted, as last requested from the SFU. */
    private Map<String, Boolean> subscribed = new HashMap<>();
    private final StreamEvents streamEvents = new StreamEvents();

    SessionMedia(Optional<SfuPool> sfu, String roomId, Outlet outlet) {
        this.sfu = sfu;
        this.roomId = roomId;
        this.outlet = outlet;
    }

    /** A browser's MediaSignal; {@code clientSeq} answers a refusal. */
    void fromClient(String participant, long clientSeq, MediaSignal signal) {
        switch (signal.getBodyCase()) {
            case JOIN -> join(participant);
            case DESCRIPTION -> description(clientSeq, signal.getDescription());
            case CANDIDATE -> candidate(clientSeq, signal.getCandidate());
            case LEAVE -> leave();
            case STATUS, BODY_NOT_SET -> outlet.toClient(error(clientSeq, ErrorCode.INVALID, "not a media request"));
        }
    }

    private void join(String participant) {
        if (sfu.isEmpty()) {
            outlet.toClient(status(MediaStatus.State.CLOSED, "audio and video are off on this server"));
            return;
        }
        if (wanted) {
            return; // a second join from the same page changes nothing
        }
        participantId = participant;
        wanted = true;
        routed = false;
        pendingOffer = null;
        outlet.placement().accept("", sfu.get().propose(""));
    }

    /**
     * This session's SFU, as the room answered the join or moved the class: the stream goes (or moves) there. On an
     * SFU other than the class's, that SFU is first asked to relay the teachers' tracks from the class's (again when
     * they change: the relay then updates its list); it stops by itself when its last participant leaves.
     */
    void placed(ToSession.MediaPlaced placed) {
        String target = placed.sfu();
        if (wanted && !placed.relayFrom().isEmpty()) {
            relay(target, placed.relayFrom(), placed.teachers());
        }
        if (!wanted || (stream != null && target.equals(streamSfu))) {
            return;
        }
        Optional<SfuClient> client = sfu.flatMap(pool -> pool.client(target));
        if (client.isEmpty()) {
            // Not an SFU of this node's list (the nodes' lists differ): for this session it is as good as lost.
            outlet.placement().accept(target, sfu.get().propose(target));
            return;
        }
        boolean move = stream != null;
        if (move) {
            stream.leave();
            stopWatching();
            forget();
            outlet.toRoom(TrackChange.PUBLISHING, participantId, List.of());
        }
        open(client.get(), move);
    }

    private void relay(String target, String source, List<String> teachers) {
        sfu.flatMap(pool -> pool.client(target)).ifPresent(client -> client.relay().start(roomId, source, teachers)
                .exceptionally(failure -> {
                    // The students there then hear no teacher until the next placement asks again.
                    LOG.warn("class {}: SFU {} could not relay the teachers from {}: {}", roomId, target, source,
                            failure.toString());
                    return null;
                }));
    }

    private void open(SfuClient client, boolean move) {
        String participant = participantId;
        streamSfu = client.target();
        moving = move;
        Consumer<SfuEvent> events = outlet.events(++generation);
        stream = client.join(Join.of(roomId, participant), events::accept);
        activity = client.watchActivity(roomId, participant, sfu.orElseThrow().settings().activityEvery(),
                (talkMs, cameraMs) -> outlet.mediaTime(participant, talkMs, cameraMs));
        if (!move) {
            outlet.toRoom(TrackChange.JOINED, participantId, List.of());
        }
    }

    /**
     * The stream broke: if its SFU does not answer a health check either, the room hears it is lost, with this node's
     * proposal of another. A stream broken alone keeps re-joining the same SFU.
     */
    private void checkLost() {
        SfuPool pool = sfu.get();
        String lost = streamSfu;
        BiConsumer<String, String> placement = outlet.placement();
        pool.lost(lost).thenAccept(gone -> {
            if (gone) {
                String proposal = pool.propose(lost);
                if (!proposal.equals(lost)) {
                    placement.accept(lost, proposal);
                }
            }
        });
    }

    private void description(long clientSeq, MediaDescription d) {
        if (stream == null) {
            outlet.toClient(error(clientSeq, ErrorCode.INVALID, "join the media session first"));
            return;
        }
        boolean offer = "offer".equals(d.getType());
        if (d.getSdp().isEmpty() || (offer ? d.getTarget() != MediaTarget.MEDIA_TARGET_PUBLISHER
                : !"answer".equals(d.getType()) || d.getTarget() != MediaTarget.MEDIA_TARGET_SUBSCRIBER)) {
            outlet.toClient(error(clientSeq, ErrorCode.INVALID,
                    "the browser offers on its publisher connection and answers on its subscriber one"));
            return;
        }
        if (!offer) {
            stream.answerSubscriber(d.getSdp());
            return;
        }
        if (!routed) {
            pendingOffer = new PendingOffer(clientSeq, d);
            return;
        }
        judgeOffer(clientSeq, d);
    }

    /** Relays a publisher offer if everything it would send is allowed; otherwise refuses it whole. */
    private void judgeOffer(long clientSeq, MediaDescription d) {
        Description description = Description.publisherOffer(d.getSdp(), declared(d.getTracksList()));
        List<OfferedTracks.Offered> offered = OfferedTracks.of(description);
        PublishRights rights = new PublishRights(route.mayUseMicrophone(), route.mayUseCamera(), route.mayShareScreen());
        Optional<OfferedTracks.Offered> refused = rights.refused(offered);
        if (refused.isPresent()) {
            outlet.toClient(error(clientSeq, ErrorCode.FORBIDDEN, refusal(refused.get().kind())));
            return;
        }
        stream.offerPublisher(description.sdp(), description.trackInfos());
        List<MediaTrack> publishing = new ArrayList<>();
        for (OfferedTracks.Offered track : offered) {
            if (!track.trackId().isEmpty()) {
                publishing.add(MediaTrack.newBuilder().setId(track.trackId()).setKind(track.kind().wire()).build());
            }
        }
        outlet.toRoom(TrackChange.PUBLISHING, participantId, publishing);
    }

    private void candidate(long clientSeq, MediaCandidate c) {
        if (stream == null || c.getInit().isEmpty()) {
            outlet.toClient(error(clientSeq, ErrorCode.INVALID, "a candidate needs a joined media session and a body"));
            return;
        }
        stream.trickle(new IceCandidate(target(c.getTarget()), c.getInit()));
    }

    /** The browser left media, or the session ends: the stream leaves the SFU, which ends its tracks. */
    void leave() {
        wanted = false;
        if (stream == null) {
            return;
        }
        stream.leave();
        stream = null;
        stopWatching();
        forget();
        outlet.toRoom(TrackChange.LEFT, participantId, List.of());
    }

    /** The room's new route for this participant. */
    void route(MediaRoute next) {
        route = next;
        routed = true;
        if (pendingOffer != null && stream != null) {
            PendingOffer offer = pendingOffer;
            pendingOffer = null;
            judgeOffer(offer.clientSeq(), offer.description());
        }
        subscribe();
    }

    /**
     * The browser's TURN credential is about to expire: it gets a fresh one (RENEWED), which it sets on its
     * connections, so that an ICE restart or a TURN refresh late in a long class still authenticates. A session
     * between streams gets one with its next JOINED or REJOINED instead.
     */
    void renewTurn() {
        if (stream != null && joined) {
            outlet.toClient(inSession(MediaStatus.State.RENEWED));
        }
    }

    /** The session attaches to its room again: the room may be new, so it hears again what this stream knows. */
    void attached() {
        if (wanted && stream == null) {
            outlet.placement().accept("", sfu.get().propose("")); // the answer may have gone to the room's old home
        }
        if (stream != null) {
            outlet.toRoom(TrackChange.JOINED, participantId, List.of());
            announced.forEach((owner, tracks) -> outlet.toRoom(TrackChange.ADD, owner, List.copyOf(tracks.values())));
        }
    }

    void onEvent(int from, SfuEvent event) {
        if (stream == null || from != generation) {
            return; // from a stream that has left
        }
        event.accept(streamEvents);
    }

    /** What each event of the current stream does; a visitor, so that a new kind of event must be handled here to compile. */
    private final class StreamEvents implements SfuEvent.Visitor {

        @Override
        public void joined(SfuEvent.Joined event) {
            joined = true;
            // After a move the browser must drop its connections to the lost SFU: REJOINED says so.
            outlet.toClient(inSession(moving ? MediaStatus.State.REJOINED : MediaStatus.State.JOINED));
            moving = false;
            event.publisherAnswer().ifPresent(answer -> outlet.toClient(description(answer)));
            subscribe();
        }

        @Override
        public void joinFailed(SfuEvent.JoinFailed event) {
            streamClosed("the media server refused: " + event.error().reason());
        }

        @Override
        public void descriptionReceived(SfuEvent.DescriptionReceived event) {
            outlet.toClient(description(event.description()));
        }

        @Override
        public void candidateReceived(SfuEvent.CandidateReceived event) {
            outlet.toClient(signal(MediaSignal.newBuilder().setCandidate(MediaCandidate.newBuilder()
                    .setTarget(target(event.candidate().target())).setInit(event.candidate().init()))));
        }

        @Override
        public void tracksChanged(SfuEvent.TracksChanged change) {
            Map<String, MediaTrack> owned = announced.computeIfAbsent(change.participant(), o -> new LinkedHashMap<>());
            List<MediaTrack> tracks = change.tracks().stream().map(SessionMedia::track).toList();
            if (change.state() == SfuEvent.TrackState.REMOVE) {
                // The SFU has already taken them off this subscriber: asking again would be refused.
                tracks.forEach(t -> {
                    owned.remove(t.getId());
                    subscribed.remove(t.getId());
                });
                outlet.toRoom(TrackChange.REMOVE, change.participant(), tracks);
            } else {
                tracks.forEach(t -> owned.put(t.getId(), t));
                outlet.toRoom(TrackChange.ADD, change.participant(), tracks);
            }
            if (owned.isEmpty()) {
                announced.remove(change.participant());
            }
            subscribe();
        }

        @Override
        public void subscriptionResult(SfuEvent.SubscriptionResult event) {
            // Nothing to do: entries that failed name tracks that just ended, and their REMOVE follows.
        }

        @Override
        public void requestFailed(SfuEvent.RequestFailed event) {
            outlet.toClient(error(0, ErrorCode.INVALID, "media: " + event.error().reason()));
        }

        @Override
        public void interrupted(SfuEvent.Interrupted event) {
            // The SFU forgot this participant: nothing is subscribed or published any more.
            forget();
            outlet.toRoom(TrackChange.PUBLISHING, participantId, List.of());
            outlet.toClient(status(MediaStatus.State.UNAVAILABLE, "audio and video are unavailable: " + event.reason()));
            checkLost();
        }

        @Override
        public void rejoined(SfuEvent.Rejoined event) {
            joined = true;
            outlet.toClient(inSession(MediaStatus.State.REJOINED));
            subscribe();
        }

        @Override
        public void closed(SfuEvent.Closed event) {
            streamClosed(event.reason() == SfuEvent.CloseReason.REPLACED
                    ? "audio and video went to this participant's newer connection" : event.detail());
        }
    }

    /** Makes the SFU's subscriptions for this participant match the route, as far as this stream can see. */
    private void subscribe() {
        if (stream == null || !joined) {
            return;
        }
        Set<String> muted = Set.copyOf(route.muted());
        Map<String, Boolean> wanted = new HashMap<>();
        for (String id : route.tracks()) {
            if (isAnnounced(id)) {
                wanted.put(id, muted.contains(id));
            }
        }
        stream.updateSubscriptions(RoutingPolicy.changes(subscribed, wanted));
        subscribed = wanted;
    }

    private boolean isAnnounced(String trackId) {
        return announced.values().stream().anyMatch(tracks -> tracks.containsKey(trackId));
    }

    private void streamClosed(String detail) {
        stream = null;
        wanted = false;
        stopWatching();
        forget();
        outlet.toRoom(TrackChange.LEFT, participantId, List.of());
        outlet.toClient(status(MediaStatus.State.CLOSED, detail));
    }

    /** After the SFU's next report, which holds what the participant did since the previous one. */
    private void stopWatching() {
        if (activity != null) {
            activity.closeAfter(sfu.orElseThrow().settings().activityEvery().multipliedBy(2));
            activity = null;
        }
    }

    /** Whatever the SFU knew of this participant is gone. */
    private void forget() {
        joined = false;
        announced.clear();
        subscribed = new HashMap<>();
    }

    private static String refusal(TrackKind kind) {
        return switch (kind) {
            case AUDIO -> "you may not use your microphone in this class now";
            case VIDEO -> "you may not use your camera in this class now";
            case SCREEN -> "only teachers share their screen";
        };
    }

    /** The browser's declarations as the SFU takes them; only a screen needs saying, the SDP tells the rest. */
    private static List<TrackInfo> declared(List<MediaTrack> tracks) {
        List<TrackInfo> out = new ArrayList<>();
        for (MediaTrack t : tracks) {
            if (!t.getId().isEmpty()) {
                TrackKind.of(t.getKind()).ifPresent(kind -> out.add(kind.declaration(t.getId())));
            }
        }
        return out;
    }

    private static MediaTrack track(TrackInfo info) {
        return MediaTrack.newBuilder().setId(info.id()).setKind(TrackKind.of(info).wire()).build();
    }

    private static Target target(MediaTarget target) {
        return target == MediaTarget.MEDIA_TARGET_SUBSCRIBER ? Target.SUBSCRIBER : Target.PUBLISHER;
    }

    private static MediaTarget target(Target target) {
        return target == Target.SUBSCRIBER ? MediaTarget.MEDIA_TARGET_SUBSCRIBER : MediaTarget.MEDIA_TARGET_PUBLISHER;
    }

    private static ServerFrame description(Description d) {
        return signal(MediaSignal.newBuilder().setDescription(MediaDescription.newBuilder()
                .setTarget(target(d.target())).setType(d.type().wire()).setSdp(d.sdp())));
    }

    /**
     * JOINED, REJOINED or RENEWED, with a TURN credential of this participant's when the server runs TURN: issued at
     * each (re)join and renewed before it expires, never kept, so a browser always holds a valid one and none lasts
     * longer than {@code ARDOISE_TURN_TTL}.
     */
    private ServerFrame inSession(MediaStatus.State state) {
        MediaStatus.Builder status = MediaStatus.newBuilder().setState(state);
        TurnSettings turn = sfu.orElseThrow().settings().turn();
        if (turn.enabled()) {
            TurnCredential credential = turn.credentialFor(roomId, participantId, Instant.now());
            status.addIceServers(IceServer.newBuilder().addAllUrls(credential.urls())
                    .setUsername(credential.username()).setCredential(credential.credential()));
            outlet.renewTurnAfter(turn.renewAfter());
        }
        return signal(MediaSignal.newBuilder().setStatus(status));
    }

    private static ServerFrame status(MediaStatus.State state, String detail) {
        return signal(MediaSignal.newBuilder().setStatus(MediaStatus.newBuilder().setState(state).setDetail(detail)));
    }

    private static ServerFrame signal(MediaSignal.Builder signal) {
        return ServerFrame.newBuilder().setMedia(signal).build();
    }
}
