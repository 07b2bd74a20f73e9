package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.contract.ToSession.MediaRoute;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.contract.TrackChange;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.MediaKind;
import app.ardoise.protocol.v1.MediaPublication;
import app.ardoise.protocol.v1.MediaState;
import app.ardoise.protocol.v1.MediaTrack;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.SetMediaMute;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room's media routing (media/ROUTING.md) as sessions see it: who gets which track, what may be
 * sent, mutes, and the publications everyone is shown. Sessions are probes; what they report stands
 * for what their SFU streams said.
 */
class RoomMediaTest extends RoomTestBase {
    private static final MediaTrack TEACHER_MIC = track("t1-mic", MediaKind.MEDIA_KIND_MICROPHONE);
    private static final MediaTrack TEACHER_CAM = track("t1-cam", MediaKind.MEDIA_KIND_CAMERA);
    private static final MediaTrack TEACHER_SCREEN = track("t1-screen", MediaKind.MEDIA_KIND_SCREEN);
    private static final MediaTrack S1_CAM = track("s1-cam", MediaKind.MEDIA_KIND_CAMERA);
    private static final MediaTrack S1_MIC = track("s1-mic", MediaKind.MEDIA_KIND_MICROPHONE);

    private TestProbe<ToSession> student2;
    private long clientSeq = 100;
    private MediaRoute teacherFirst;
    private MediaRoute studentFirst;

    @BeforeEach
    void joinClass() {
        student2 = KIT.createTestProbe();
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        join("s2", "Other", Role.ROLE_STUDENT, student2);
        drain(teacher, student, student2);
        for (var p : List.of(entry("t1", teacher), entry("s1", student), entry("s2", student2))) {
            report(p.id(), p.probe(), p.id(), TrackChange.JOINED);
        }
        teacherFirst = route(teacher);
        studentFirst = route(student);
        assertEquals(studentFirst, route(student2));
    }

    @Test
    void a_participant_gets_a_route_only_once_in_media_and_a_student_may_send_nothing_at_first() {
        assertEquals(new MediaRoute(List.of(), List.of(), true, true, true), teacherFirst);
        assertEquals(MediaRoute.NOTHING, studentFirst);
        report("s2", student2, "s2", TrackChange.LEFT);
        setLocks(Locks.newBuilder().setStudentsMayUseMicrophone(true));
        assertTrue(route(student).mayUseMicrophone());
        expectNoRoute(student2);
    }

    @Test
    void presence_says_who_is_connected_in_media_and_what_each_one_sends() {
        report("t1", teacher, "t1", TrackChange.ADD, TEACHER_MIC, TEACHER_CAM);
        setLocks(Locks.newBuilder().setStudentsMayUseMicrophone(true));
        report("s1", student, "s1", TrackChange.ADD, S1_MIC);
        report("s2", student2, "s2", TrackChange.LEFT);
        TestProbe<RoomPresence> asked = KIT.createTestProbe();
        room.runCommand(new RoomCommand.GetPresence(asked.getRef()));
        RoomPresence presence = asked.receiveMessage();
        assertTrue(presence.exists());
        assertEquals(List.of(
                new RoomPresence.Present("t1", "Teacher", Role.ROLE_TEACHER, true, true, true),
                new RoomPresence.Present("s1", "Student", Role.ROLE_STUDENT, true, true, false),
                new RoomPresence.Present("s2", "Other", Role.ROLE_STUDENT, false, false, false)), presence.present());
    }

    @Test
    void ending_the_class_ends_its_media_for_everyone() {
        report("s1", student, "t1", TrackChange.ADD, TEACHER_MIC, TEACHER_CAM);
        drainAll();
        submit("t1", teacher, clientSeq++, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
        for (TestProbe<ToSession> session : List.of(teacher, student, student2)) {
            ToSession.Close close = closeOf(session);
            assertEquals(CloseCode.ENDED, close.code(), "a stopped session leaves the SFU");
        }
        // A stream's last word after the end (its session was closed): the room routes no one.
        report("s1", student, "t1", TrackChange.REMOVE, TEACHER_MIC);
        report("t1", teacher, "t1", TrackChange.PUBLISHING, TEACHER_CAM);
        expectNoRoute(teacher);
        expectNoRoute(student);
        expectNoRoute(student2);
    }

    private static boolean ended(ToSession.Broadcast broadcast) {
        try {
            return ServerFrame.parseFrom(broadcast.frame().toArrayUnsafe()).getEvent().hasClassEnded();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** The Close a session ends with, past the frames before it; no route may come after the end's event. */
    private static ToSession.Close closeOf(TestProbe<ToSession> session) {
        boolean ended = false;
        while (true) {
            ToSession message = session.receiveMessage(Duration.ofSeconds(3));
            if (message instanceof ToSession.Close close) {
                assertTrue(ended, "the event came first");
                return close;
            }
            if (ended) {
                assertFalse(message instanceof MediaRoute, "no route once the class has ended");
            }
            ended |= message instanceof ToSession.Broadcast broadcast && ended(broadcast)
                    || message instanceof ToSession.Deliver deliver
                            && deliver.frames().stream().anyMatch(f -> f.getEvent().hasClassEnded());
        }
    }

    @Test
    void the_teachers_tracks_go_to_every_student_once_the_sfu_announced_them() {
        // Student s1's stream heard the SFU announce the teacher's tracks.
        report("s1", student, "t1", TrackChange.ADD, TEACHER_MIC, TEACHER_CAM, TEACHER_SCREEN);
        List<String> all = List.of("t1-cam", "t1-mic", "t1-screen");
        assertEquals(all, route(student).tracks());
        assertEquals(all, route(student2).tracks());
        assertEquals(3, mediaState(teacher).getPublicationsCount());
        teacher.expectNoMessage(Duration.ofMillis(100)); // the teacher's route did not change
        MediaState shown = mediaState(student);
        assertEquals(3, shown.getPublicationsCount());
        assertEquals(MediaPublication.newBuilder().setParticipantId("t1").setTrackId("t1-mic")
                .setKind(MediaKind.MEDIA_KIND_MICROPHONE).build(), shown.getPublications(0));
    }

    @Test
    void a_students_camera_reaches_teachers_and_reaches_other_students_only_when_they_see_each_other() {
        setLocks(Locks.newBuilder().setStudentsMayUseCamera(true));
        assertTrue(route(student).mayUseCamera());
        assertTrue(route(student2).mayUseCamera());
        drainAll();

        report("t1", teacher, "s1", TrackChange.ADD, S1_CAM);
        assertEquals(List.of("s1-cam"), route(teacher).tracks());
        expectNoRoute(student2);
        drainAll();

        setLocks(Locks.newBuilder().setStudentsMayUseCamera(true).setStudentsSeeEachOther(true));
        assertEquals(List.of("s1-cam"), route(student2).tracks());
        drainAll();

        // The teacher turns student cameras off: the track goes to nobody at once.
        setLocks(Locks.newBuilder());
        drainUntilRoute(teacher, List.of());
        drainUntilRoute(student2, List.of());
        MediaRoute own = drainUntilRoute(student, List.of());
        assertFalse(own.mayUseCamera());
    }

    @Test
    void a_muted_microphone_stays_subscribed_but_muted_and_only_the_lock_lets_the_student_unmute() {
        setLocks(Locks.newBuilder().setStudentsMayUseMicrophone(true));
        drainAll();
        report("t1", teacher, "s1", TrackChange.ADD, S1_MIC);
        assertEquals(List.of("s1-mic"), route(teacher).tracks());
        assertEquals(List.of("s1-mic"), route(student2).tracks(), "a student allowed to speak speaks to the class");
        drainAll();

        expectRefused("s2", student2, mute("s1", true), ErrorCode.FORBIDDEN);
        var muted = submit("t1", teacher, clientSeq++, mute("s1", true));
        assertEquals(1, muted.events().size());
        assertTrue(room.getState().member("s1").orElseThrow().microphoneMuted());
        MediaRoute teacherRoute = drainUntilRoute(teacher, List.of("s1-mic"));
        assertEquals(List.of("s1-mic"), teacherRoute.muted());
        drainAll();

        setLocks(Locks.newBuilder());
        drainAll();
        expectRefused("s1", student, mute("s1", false), ErrorCode.FORBIDDEN);
        setLocks(Locks.newBuilder().setStudentsMayUseMicrophone(true));
        drainAll();
        assertEquals(1, submit("s1", student, clientSeq++, mute("s1", false)).events().size());
        assertFalse(room.getState().member("s1").orElseThrow().microphoneMuted());
    }

    @Test
    void a_student_made_co_teacher_may_share_the_screen_and_receives_every_camera() {
        setLocks(Locks.newBuilder().setStudentsMayUseCamera(true));
        drainAll();
        report("t1", teacher, "s2", TrackChange.ADD, track("s2-cam", MediaKind.MEDIA_KIND_CAMERA));
        drainAll();
        var promoted = submit("t1", teacher, clientSeq++, ClientFrame.newBuilder().setSetRole(
                app.ardoise.protocol.v1.SetRole.newBuilder().setParticipantId("s1").setRole(Role.ROLE_TEACHER)));
        assertEquals(1, promoted.events().size());
        MediaRoute route = route(student);
        assertTrue(route.mayShareScreen());
        assertEquals(List.of("s2-cam"), route.tracks(), "a teacher sees every student");
    }

    @Test
    void teachers_are_not_muted_and_only_microphones_and_cameras_are() {
        expectRefused("t1", teacher, mute("t1", true), ErrorCode.INVALID);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setMediaMute(SetMediaMute.newBuilder()
                .setParticipantId("s1").setKind(MediaKind.MEDIA_KIND_SCREEN).setMuted(true)), ErrorCode.INVALID);
        expectRefused("t1", teacher, mute("nobody", true), ErrorCode.NO_SUCH_PARTICIPANT);
        // A student is refused for who they are before anything about their target.
        expectRefused("s1", student, mute("t1", true), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setMediaMute(SetMediaMute.newBuilder()
                .setParticipantId("s2").setKind(MediaKind.MEDIA_KIND_SCREEN).setMuted(true)), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, mute("nobody", true), ErrorCode.FORBIDDEN);
    }

    @Test
    void a_participant_who_leaves_media_or_the_class_takes_its_tracks_along() {
        report("s1", student, "t1", TrackChange.ADD, TEACHER_CAM);
        assertEquals(List.of("t1-cam"), route(student).tracks());
        route(student2);
        drainAll();

        report("t1", teacher, "t1", TrackChange.LEFT);
        assertEquals(List.of(), route(student).tracks());
        assertEquals(List.of(), route(student2).tracks());
        assertEquals(0, mediaState(student).getPublicationsCount());
    }

    @Test
    void a_new_offer_without_a_track_ends_it_even_when_nobody_else_could_report_it() {
        report("s1", student, "t1", TrackChange.ADD, TEACHER_CAM, TEACHER_MIC);
        route(student);
        drainAll();
        report("t1", teacher, "t1", TrackChange.PUBLISHING, TEACHER_MIC);
        assertEquals(List.of("t1-mic"), route(student).tracks());
    }

    @Test
    void reports_from_a_session_that_is_not_the_participants_are_ignored() {
        TestProbe<ToSession> stranger = KIT.createTestProbe();
        report("s1", stranger, "t1", TrackChange.ADD, TEACHER_CAM);
        // Someone else's session cannot say what a participant publishes, nor end it.
        report("s1", student, "t1", TrackChange.PUBLISHING);
        expectNoRoute(student);
        expectNoRoute(student2);
    }

    private record Entry(String id, TestProbe<ToSession> probe) {}

    private static Entry entry(String id, TestProbe<ToSession> probe) {
        return new Entry(id, probe);
    }

    private static MediaTrack track(String id, MediaKind kind) {
        return MediaTrack.newBuilder().setId(id).setKind(kind).build();
    }

    private static ClientFrame.Builder mute(String participant, boolean muted) {
        return ClientFrame.newBuilder().setMediaMute(SetMediaMute.newBuilder()
                .setParticipantId(participant).setKind(MediaKind.MEDIA_KIND_MICROPHONE).setMuted(muted));
    }

    private void report(String reporter, TestProbe<ToSession> session, String owner, TrackChange change,
                        MediaTrack... tracks) {
        room.runCommand(new RoomCommand.MediaTracks(reporter, session.getRef(), owner, change, List.of(tracks)));
    }

    private void setLocks(Locks.Builder locks) {
        var result = submit("t1", teacher, clientSeq++, ClientFrame.newBuilder()
                .setSetLocks(SetLocks.newBuilder().setLocks(locks)));
        assertEquals(1, result.events().size());
    }

    /** The next route this session gets, skipping the room's frames (events, acks, publications). */
    private static MediaRoute route(TestProbe<ToSession> session) {
        return drainUntilRoute(session, null);
    }

    private static MediaRoute drainUntilRoute(TestProbe<ToSession> session, List<String> tracks) {
        for (int i = 0; i < 20; i++) {
            ToSession message = session.receiveMessage(Duration.ofSeconds(3));
            if (message instanceof MediaRoute route && (tracks == null || tracks.equals(route.tracks()))) {
                return route;
            }
        }
        throw new AssertionError("no media route" + (tracks == null ? "" : " with " + tracks));
    }

    private static void expectNoRoute(TestProbe<ToSession> session) {
        while (true) {
            ToSession message;
            try {
                message = session.receiveMessage(Duration.ofMillis(200));
            } catch (AssertionError none) {
                return;
            }
            assertFalse(message instanceof MediaRoute, "unexpected " + message);
        }
    }

    private static MediaState mediaState(TestProbe<ToSession> session) {
        for (int i = 0; i < 20; i++) {
            ToSession message = session.receiveMessage(Duration.ofSeconds(3));
            if (message instanceof ToSession.Deliver deliver && deliver.frames().get(0).hasMediaState()) {
                return deliver.frames().get(0).getMediaState();
            }
        }
        throw new AssertionError("no media state");
    }

    private void drainAll() {
        drain(teacher, student, student2);
    }
}
