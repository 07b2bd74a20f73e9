package app.ardoise.cluster.room;

import app.ardoise.cluster.contract.ToSession.MediaRoute;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.media.PublishRights;
import app.ardoise.media.RoutingPolicy;
import app.ardoise.media.TrackKind;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.MediaPublication;
import app.ardoise.protocol.v1.MediaState;
import app.ardoise.protocol.v1.MediaTrack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The room's media half (media/ROUTING.md): the tracks the SFU says are published, and what was last
 * sent to each session, so that a change reaches only those it concerns. Who receives what and who may
 * publish what are {@link RoutingPolicy}'s to decide; this class feeds it the room's state and turns
 * its answer into routes and publications. Runtime state of the room actor, never persisted: it
 * describes the SFU's present, which sessions report again after a move.
 */
final class MediaRouting {

    private record Publication(String owner, TrackKind kind) {}

    /** Track id to its owner and kind, in the order the tracks appeared. */
    private final Map<String, Publication> tracks = new LinkedHashMap<>();
    /** Participants whose session is in the SFU's session: only they get routes. */
    private final Set<String> inMedia = new HashSet<>();
    private final Map<String, MediaRoute> routeSent = new HashMap<>();
    /** The publications each attached participant's client holds; a Welcome resets them to none. */
    private final Map<String, MediaState> stateHeld = new HashMap<>();

    /** What to tell whom after a change: routes per participant, and the publications for those who lack them. */
    record Update(Map<String, MediaRoute> routes, MediaState state, Set<String> stateTo) {}

    /** A session's report of {@code owner}'s tracks; the room has checked the reporter is attached. */
    void report(RoomState state, String reporter, String owner, TrackChange change, List<MediaTrack> reported) {
        if (state.member(owner).isEmpty()) {
            return;
        }
        switch (change) {
            // Sessions name every track they report with its kind; one without either could not be routed.
            case ADD -> reported.forEach(t -> {
                if (!t.getId().isEmpty()) {
                    TrackKind.of(t.getKind()).ifPresent(kind -> tracks.putIfAbsent(t.getId(), new Publication(owner, kind)));
                }
            });
            case REMOVE -> reported.forEach(t -> {
                Publication known = tracks.get(t.getId());
                if (known != null && known.owner().equals(owner)) {
                    tracks.remove(t.getId());
                }
            });
            case JOINED -> {
                if (reporter.equals(owner)) {
                    inMedia.add(owner);
                }
            }
            case LEFT -> {
                if (reporter.equals(owner)) {
                    inMedia.remove(owner);
                    routeSent.remove(owner);
                    tracks.values().removeIf(p -> p.owner().equals(owner));
                }
            }
            case PUBLISHING -> {
                // Only the owner's own session knows what it stopped sending when no one else was listening.
                if (reporter.equals(owner)) {
                    Set<String> sent = new HashSet<>();
                    reported.forEach(t -> sent.add(t.getId()));
                    tracks.entrySet().removeIf(e -> e.getValue().owner().equals(owner) && !sent.contains(e.getKey()));
                }
            }
        }
    }

    /** Whether {@code participant}'s browser is in the SFU's session. */
    boolean inMedia(String participant) {
        return inMedia.contains(participant);
    }

    /** Whether {@code owner} publishes a track of {@code kind} now. */
    boolean publishes(String owner, TrackKind kind) {
        return tracks.values().stream().anyMatch(p -> p.owner().equals(owner) && p.kind() == kind);
    }

    /** A session attached: it gets the publications again, and its route once it says it is in media. */
    void attached(String participant) {
        inMedia.remove(participant); // a new session says JOINED once its browser is in media
        routeSent.remove(participant);
        stateHeld.put(participant, MediaState.getDefaultInstance());
    }

    /** A participant's session went away: its stream has left the SFU, so its tracks are gone. */
    void detached(String participant) {
        inMedia.remove(participant);
        routeSent.remove(participant);
        stateHeld.remove(participant);
        tracks.values().removeIf(p -> p.owner().equals(participant));
    }

    /** Computes the plan for the attached participants and returns only what differs from what they have. */
    Update update(RoomState state, Collection<String> attached) {
        RoutingPolicy.Locks locks = locks(state.locks());
        Map<String, RoutingPolicy.Participant> participants = new LinkedHashMap<>();
        for (String id : attached) {
            state.member(id).ifPresent(m -> participants.put(id, participant(m)));
        }
        List<RoutingPolicy.Track> live = new ArrayList<>();
        List<MediaPublication> publications = new ArrayList<>();
        tracks.forEach((id, p) -> state.member(p.owner()).ifPresent(owner -> {
            boolean muted = muted(owner, p.kind());
            live.add(new RoutingPolicy.Track(id, p.owner(), p.kind(), muted));
            if (RoutingPolicy.mayPublish(participant(owner), p.kind(), locks)) {
                publications.add(MediaPublication.newBuilder().setParticipantId(p.owner()).setTrackId(id)
                        .setKind(p.kind().wire()).setMuted(muted).build());
            }
        }));
        RoutingPolicy.Plan plan = RoutingPolicy.plan(participants.values(), locks, live);

        Map<String, MediaRoute> routes = new HashMap<>();
        participants.forEach((id, p) -> {
            if (!inMedia.contains(id)) {
                return;
            }
            List<String> receive = plan.of(id).stream().sorted().toList();
            List<String> muted = receive.stream().filter(plan.muted()::contains).toList();
            PublishRights rights = RoutingPolicy.rights(p, locks);
            MediaRoute route = new MediaRoute(receive, muted, rights.microphone(), rights.camera(), rights.screen());
            if (!route.equals(routeSent.get(id))) {
                routes.put(id, route);
                routeSent.put(id, route);
            }
        });

        MediaState now = MediaState.newBuilder().addAllPublications(publications).build();
        Set<String> stateTo = new HashSet<>();
        for (String id : participants.keySet()) {
            if (!now.equals(stateHeld.getOrDefault(id, MediaState.getDefaultInstance()))) {
                stateTo.add(id);
                stateHeld.put(id, now);
            }
        }
        return new Update(routes, now, stateTo);
    }

    static RoutingPolicy.Locks locks(Locks locks) {
        return new RoutingPolicy.Locks(locks.getStudentsMayUseMicrophone(), locks.getStudentsMayUseCamera(),
                locks.getStudentsSeeEachOther());
    }

    private static RoutingPolicy.Participant participant(Member member) {
        return new RoutingPolicy.Participant(member.id(),
                member.isTeacher() ? RoutingPolicy.Role.TEACHER : RoutingPolicy.Role.STUDENT);
    }

    /** A teacher mutes microphones and cameras; a screen share is stopped, not muted. */
    private static boolean muted(Member owner, TrackKind kind) {
        return switch (kind) {
            case AUDIO -> owner.microphoneMuted();
            case VIDEO -> owner.cameraMuted();
            case SCREEN -> false;
        };
    }
}
