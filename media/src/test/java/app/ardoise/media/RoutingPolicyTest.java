package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.media.RoutingPolicy.Locks;
import app.ardoise.media.RoutingPolicy.Participant;
import app.ardoise.media.RoutingPolicy.Plan;
import app.ardoise.media.RoutingPolicy.Role;
import app.ardoise.media.RoutingPolicy.Track;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingPolicyTest {

    private static final Participant TEACHER = new Participant("t1", Role.TEACHER);
    private static final Participant CO_TEACHER = new Participant("t2", Role.TEACHER);
    private static final Participant ANNA = new Participant("s1", Role.STUDENT);
    private static final Participant BEN = new Participant("s2", Role.STUDENT);
    private static final Participant CHLOE = new Participant("s3", Role.STUDENT); // publishes nothing
    private static final List<Participant> CLASS = List.of(TEACHER, CO_TEACHER, ANNA, BEN, CHLOE);

    private static final List<Track> TRACKS =
            List.of(
                    track("t1-mic", TEACHER, TrackKind.AUDIO),
                    track("t1-cam", TEACHER, TrackKind.VIDEO),
                    track("t1-screen", TEACHER, TrackKind.SCREEN),
                    track("t2-mic", CO_TEACHER, TrackKind.AUDIO),
                    track("s1-mic", ANNA, TrackKind.AUDIO),
                    track("s1-cam", ANNA, TrackKind.VIDEO),
                    track("s2-mic", BEN, TrackKind.AUDIO),
                    track("s2-cam", BEN, TrackKind.VIDEO));

    /** A class as it opens: the teacher speaks, students listen and watch. */
    private static final Locks CLASS_OPENS = new Locks(false, false, false);

    private static final String ALL_TEACHER_TRACKS = "t1-cam t1-mic t1-screen t2-mic";

    @ParameterizedTest(name = "{0} {1}, mic {2}, camera {3}: {4}")
    @CsvSource({
        "TEACHER, AUDIO,  false, false, true",
        "TEACHER, VIDEO,  false, false, true",
        "TEACHER, SCREEN, false, false, true",
        "STUDENT, AUDIO,  false, true,  false",
        "STUDENT, AUDIO,  true,  false, true",
        "STUDENT, VIDEO,  true,  false, false",
        "STUDENT, VIDEO,  false, true,  true",
        "STUDENT, SCREEN, true,  true,  false",
    })
    void whoMayPublish(Role role, TrackKind kind, boolean mic, boolean camera, boolean expected) {
        Locks locks = new Locks(mic, camera, false);
        assertEquals(expected, RoutingPolicy.mayPublish(new Participant("p", role), kind, locks));
    }

    static Stream<Arguments> whoReceivesWhat() {
        Locks closed = CLASS_OPENS;
        Locks talk = new Locks(true, false, false);
        Locks cameras = new Locks(true, true, false);
        Locks seeEachOther = new Locks(true, true, true);
        return Stream.of(
                // Students' tracks exist but their owners may not publish them: nobody gets them.
                Arguments.of("class opens", closed, TEACHER, "t2-mic"),
                Arguments.of("class opens", closed, CO_TEACHER, "t1-cam t1-mic t1-screen"),
                Arguments.of("class opens", closed, ANNA, ALL_TEACHER_TRACKS),
                Arguments.of("class opens", closed, CHLOE, ALL_TEACHER_TRACKS),
                // Mics allowed: a student who speaks is heard by the whole class.
                Arguments.of("mics on", talk, TEACHER, "s1-mic s2-mic t2-mic"),
                Arguments.of("mics on", talk, ANNA, ALL_TEACHER_TRACKS + " s2-mic"),
                Arguments.of("mics on", talk, CHLOE, ALL_TEACHER_TRACKS + " s1-mic s2-mic"),
                // Cameras allowed: teachers see them, students still do not see each other.
                Arguments.of("cameras on", cameras, TEACHER, "s1-cam s1-mic s2-cam s2-mic t2-mic"),
                Arguments.of("cameras on", cameras, CO_TEACHER, "s1-cam s1-mic s2-cam s2-mic t1-cam t1-mic t1-screen"),
                Arguments.of("cameras on", cameras, ANNA, ALL_TEACHER_TRACKS + " s2-mic"),
                Arguments.of("cameras on", cameras, BEN, ALL_TEACHER_TRACKS + " s1-mic"),
                // The switch: students see each other.
                Arguments.of("see each other", seeEachOther, ANNA, ALL_TEACHER_TRACKS + " s2-cam s2-mic"),
                Arguments.of("see each other", seeEachOther, CHLOE, ALL_TEACHER_TRACKS + " s1-cam s1-mic s2-cam s2-mic"),
                Arguments.of("see each other", seeEachOther, TEACHER, "s1-cam s1-mic s2-cam s2-mic t2-mic"));
    }

    @ParameterizedTest(name = "{0}: {2} receives {3}")
    @MethodSource
    void whoReceivesWhat(String situation, Locks locks, Participant viewer, String expected) {
        Plan plan = RoutingPolicy.plan(CLASS, locks, TRACKS);
        assertEquals(ids(expected), new TreeSet<>(plan.of(viewer.id())));
    }

    @Test
    void theRightsAreWhatTheParticipantMayPublish() {
        Locks micOnly = new Locks(true, false, true);
        assertEquals(new PublishRights(true, true, true), RoutingPolicy.rights(TEACHER, micOnly));
        assertEquals(new PublishRights(true, false, false), RoutingPolicy.rights(ANNA, micOnly));
        assertEquals(new PublishRights(false, false, false), RoutingPolicy.rights(ANNA, CLASS_OPENS));
    }

    @Test
    void tracksOfAParticipantWhoLeftGoToNobody() {
        Plan plan = RoutingPolicy.plan(List.of(TEACHER, ANNA), CLASS_OPENS, TRACKS);
        assertEquals(Set.of("t1-cam", "t1-mic", "t1-screen"), plan.of(ANNA.id()));
        assertEquals(Set.of(), plan.of(TEACHER.id()));
    }

    @Test
    void aStudentJoiningGetsTheTeachersTracksInOneRequest() {
        List<Track> tracks = List.of(track("t1-mic", TEACHER, TrackKind.AUDIO), track("t1-cam", TEACHER, TrackKind.VIDEO));
        Plan before = RoutingPolicy.plan(List.of(TEACHER), CLASS_OPENS, tracks);
        Plan after = RoutingPolicy.plan(List.of(TEACHER, ANNA), CLASS_OPENS, tracks);

        assertEquals(
                List.of(Subscription.receive("t1-cam"), Subscription.receive("t1-mic")),
                RoutingPolicy.changes(of(before, ANNA), of(after, ANNA)));
        assertEquals(List.of(), RoutingPolicy.changes(of(before, TEACHER), of(after, TEACHER)));
    }

    @Test
    void theSwitchStartsAndStopsStudentCamerasBetweenStudents() {
        Locks cameras = new Locks(true, true, false);
        Plan apart = RoutingPolicy.plan(CLASS, cameras, TRACKS);
        Plan together = RoutingPolicy.plan(CLASS, new Locks(true, true, true), TRACKS);

        assertEquals(List.of(Subscription.receive("s2-cam")), RoutingPolicy.changes(of(apart, ANNA), of(together, ANNA)));
        assertEquals(List.of(Subscription.stop("s2-cam")), RoutingPolicy.changes(of(together, ANNA), of(apart, ANNA)));
        assertEquals(List.of(), RoutingPolicy.changes(of(apart, TEACHER), of(together, TEACHER)));
    }

    @Test
    void aCameraLockTurnedOffStopsTheStudentsCameraEverywhere() {
        Plan on = RoutingPolicy.plan(CLASS, new Locks(true, true, true), TRACKS);
        Plan off = RoutingPolicy.plan(CLASS, new Locks(true, false, true), TRACKS);

        assertEquals(
                List.of(Subscription.stop("s1-cam"), Subscription.stop("s2-cam")),
                RoutingPolicy.changes(of(on, TEACHER), of(off, TEACHER)));
        assertEquals(List.of(Subscription.stop("s2-cam")), RoutingPolicy.changes(of(on, ANNA), of(off, ANNA)));
    }

    @Test
    void aTeacherMuteKeepsTheTrackSubscribedButStopsItsForwarding() {
        Locks talk = new Locks(true, false, false);
        List<Track> muted =
                TRACKS.stream()
                        .map(t -> t.id().equals("s1-mic") ? new Track(t.id(), t.owner(), t.kind(), true) : t)
                        .toList();
        Plan speaking = RoutingPolicy.plan(CLASS, talk, TRACKS);
        Plan silenced = RoutingPolicy.plan(CLASS, talk, muted);

        assertEquals(Set.of("s1-mic"), silenced.muted());
        assertEquals(speaking.of(BEN.id()), silenced.of(BEN.id()));
        assertEquals(List.of(Subscription.receiveMuted("s1-mic")), RoutingPolicy.changes(of(speaking, BEN), of(silenced, BEN)));
        assertEquals(List.of(Subscription.receive("s1-mic")), RoutingPolicy.changes(of(silenced, BEN), of(speaking, BEN)));
        assertEquals(List.of(), RoutingPolicy.changes(of(speaking, ANNA), of(silenced, ANNA)), "her own track is not hers to receive");
    }

    @Test
    void aNewTrackThatIsAlreadyMutedIsSubscribedMuted() {
        List<Track> tracks = List.of(new Track("s1-mic", ANNA.id(), TrackKind.AUDIO, true));
        Plan after = RoutingPolicy.plan(List.of(TEACHER, ANNA), new Locks(true, false, false), tracks);
        assertEquals(
                List.of(Subscription.receiveMuted("s1-mic")), RoutingPolicy.changes(Map.of(), of(after, TEACHER)));
    }

    /** What the plan gives one participant, as the session holds it: track id to muted. */
    private static Map<String, Boolean> of(Plan plan, Participant viewer) {
        Map<String, Boolean> tracks = new HashMap<>();
        plan.of(viewer.id()).forEach(t -> tracks.put(t, plan.muted().contains(t)));
        return tracks;
    }

    private static Track track(String id, Participant owner, TrackKind kind) {
        return new Track(id, owner.id(), kind, false);
    }

    private static Set<String> ids(String spaceSeparated) {
        return new TreeSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
    }
}
