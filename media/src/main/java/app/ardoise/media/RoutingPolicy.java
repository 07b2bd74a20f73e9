package app.ardoise.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may publish what, and who receives which track, in one class. Pure. After every change (a
 * join, a leave, a lock change, a publication, a mute) the room computes the {@link #plan} and
 * each participant's {@link #rights}, and sends every participant in media a route: the tracks to
 * receive, which of them are muted, and the rights. The participant's session judges offers by the
 * rights ({@link PublishRights#refused}) and asks its {@link SignalStream} for the {@link #changes}
 * between what it has subscribed and what the route names. The prose version, with the reasons,
 * is media/ROUTING.md.
 */
public final class RoutingPolicy {

    private RoutingPolicy() {}

    public enum Role {
        TEACHER,
        STUDENT
    }

    public record Participant(String id, Role role) {}

    /**
     * The room's media locks, set by a teacher.
     *
     * @param studentsMayUseMic students may publish their microphone
     * @param studentsMayUseCamera students may publish their camera
     * @param studentsSeeEachOther students receive each other's cameras, not only the teachers
     */
    public record Locks(boolean studentsMayUseMic, boolean studentsMayUseCamera, boolean studentsSeeEachOther) {}

    /**
     * A track the SFU announced, as the room knows it.
     *
     * @param mutedByTeacher kept subscribed but not forwarded (no renegotiation when lifted)
     */
    public record Track(String id, String owner, TrackKind kind, boolean mutedByTeacher) {}

    /**
     * What every participant should receive: track ids per participant id (participants who
     * receive nothing are present with an empty set), and which of those tracks are muted.
     */
    public record Plan(Map<String, Set<String>> subscriptions, Set<String> muted) {

        public Plan {
            Map<String, Set<String>> copy = new HashMap<>();
            subscriptions.forEach((p, ts) -> copy.put(p, Set.copyOf(ts)));
            subscriptions = Map.copyOf(copy);
            muted = Set.copyOf(muted);
        }

        public Set<String> of(String participant) {
            return subscriptions.getOrDefault(participant, Set.of());
        }
    }

    /** Teachers publish anything; students their microphone or camera when the locks allow, never a screen. */
    public static boolean mayPublish(Participant participant, TrackKind kind, Locks locks) {
        return switch (participant.role()) {
            case TEACHER -> true;
            case STUDENT ->
                    switch (kind) {
                        case AUDIO -> locks.studentsMayUseMic();
                        case VIDEO -> locks.studentsMayUseCamera();
                        case SCREEN -> false;
                    };
        };
    }

    /** Everything {@link #mayPublish} says of one participant, as the room sends it in the route. */
    public static PublishRights rights(Participant participant, Locks locks) {
        return new PublishRights(
                mayPublish(participant, TrackKind.AUDIO, locks),
                mayPublish(participant, TrackKind.VIDEO, locks),
                mayPublish(participant, TrackKind.SCREEN, locks));
    }

    /** Whether {@code viewer} receives {@code track}, published by {@code owner}. */
    public static boolean receives(Participant viewer, Participant owner, Track track, Locks locks) {
        if (viewer.id().equals(owner.id()) || !mayPublish(owner, track.kind(), locks)) {
            return false;
        }
        if (owner.role() == Role.TEACHER || viewer.role() == Role.TEACHER) {
            return true;
        }
        // Student to student. A student allowed to speak speaks to the class, so audio goes to
        // everyone; cameras only when the teacher lets students see each other.
        return switch (track.kind()) {
            case AUDIO, SCREEN -> true;
            case VIDEO -> locks.studentsSeeEachOther();
        };
    }

    /**
     * The plan for the room: for every participant the tracks to be subscribed to. Tracks of
     * participants no longer present, and tracks their owner may no longer publish (a lock was
     * turned off), go to nobody.
     */
    public static Plan plan(Collection<Participant> participants, Locks locks, Collection<Track> tracks) {
        Map<String, Participant> byId = new HashMap<>();
        participants.forEach(p -> byId.put(p.id(), p));
        Map<String, Set<String>> subscriptions = new HashMap<>();
        Set<String> muted = new HashSet<>();
        for (Participant viewer : participants) {
            Set<String> wanted = new TreeSet<>();
            for (Track track : tracks) {
                Participant owner = byId.get(track.owner());
                if (owner != null && receives(viewer, owner, track, locks)) {
                    wanted.add(track.id());
                    if (track.mutedByTeacher()) {
                        muted.add(track.id());
                    }
                }
            }
            subscriptions.put(viewer.id(), wanted);
        }
        return new Plan(subscriptions, muted);
    }

    /**
     * The subscription request that takes one participant's stream from {@code before} to
     * {@code after}, both track id to muted: new tracks subscribed (muted if they are), a changed
     * mute applied, dropped tracks stopped, each in track id order. Empty when nothing changed,
     * so that no request is sent (each request makes the SFU renegotiate).
     */
    public static List<Subscription> changes(Map<String, Boolean> before, Map<String, Boolean> after) {
        List<Subscription> out = new ArrayList<>();
        new TreeMap<>(after).forEach((track, muted) -> {
            if (!muted.equals(before.get(track))) {
                out.add(new Subscription(track, true, muted));
            }
        });
        new TreeSet<>(before.keySet()).stream()
                .filter(track -> !after.containsKey(track))
                .forEach(track -> out.add(Subscription.stop(track)));
        return out;
    }
}
