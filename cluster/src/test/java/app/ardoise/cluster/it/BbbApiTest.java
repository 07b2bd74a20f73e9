package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.BbbClient.element;
import static app.ardoise.cluster.support.BbbClient.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.BbbClient;
import app.ardoise.cluster.support.BbbLanding;
import app.ardoise.cluster.support.Eventually;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The BigBlueButton-compatible API as its front-ends drive it: Moodle's mod_bigbluebuttonbn (SHA-1, the parameters
 * its proxy classes send), Greenlight v3 (SHA-256, role and createTime on join), and the refusals, each with
 * BigBlueButton's messageKey. Joins are followed into the class over a real WebSocket.
 */
class BbbApiTest {
    private final TestNode node = TestNode.shared();
    private final BbbClient moodle = new BbbClient(node, TestNode.BBB_SECRET, "SHA-1");
    private final BbbClient greenlight = new BbbClient(node, TestNode.BBB_SECRET, "SHA-256");

    @Test
    void moodles_sequence_root_info_create_info_join_as_moderator_and_viewer_end() throws Exception {
        HttpResponse<String> root = moodle.get("/bigbluebutton/api");
        assertEquals(200, root.statusCode());
        assertEquals("SUCCESS", element(root.body(), "returncode"));
        assertEquals("2.0", element(root.body(), "version"));

        CompletableFuture<String> callback = new CompletableFuture<>();
        AtomicInteger callbacks = new AtomicInteger();
        HttpServer lms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lms.createContext("/mod/bigbluebuttonbn/bbb_broker.php", exchange -> {
            callbacks.incrementAndGet();
            callback.complete(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        lms.start();
        try {
            // Moodle's meetingID: the activity's own id, course and instance, the group in brackets.
            String meetingId = sha1(UUID.randomUUID().toString()) + "-2-1[0]";
            HttpResponse<String> before = moodle.call("getMeetingInfo", params("meetingID", meetingId));
            assertEquals("FAILED", element(before.body(), "returncode"));
            assertEquals("notFound", element(before.body(), "messageKey"));

            Map<String, String> create = params(
                    "meetingID", meetingId, "name", "Sciences 5e B", "attendeePW", "viewer-pw-1", "moderatorPW", "mod-pw-1",
                    "logoutURL", "https://moodle.example/mod/bigbluebuttonbn/bbb_view.php?action=logout&id=7",
                    "record", "false", "allowStartStopRecording", "false", "welcome", "Bienvenue en <b>sciences</b> !",
                    "maxParticipants", "30", "muteOnStart", "true",
                    "lockSettingsDisableCam", "false", "lockSettingsDisableMic", "false",
                    "lockSettingsDisablePrivateChat", "true", "lockSettingsDisablePublicChat", "false",
                    "lockSettingsDisableNote", "true", "lockSettingsHideUserList", "false",
                    "meta_bbb-origin", "Moodle", "meta_bbb-origin-version", "4.1.2 (Build: 20230313)",
                    "meta_bbb-origin-server-name", "moodle.example", "meta_bbb-origin-server-common-name", "",
                    "meta_bbb-origin-tag", "moodle-mod_bigbluebuttonbn (2022112800)", "meta_bbb-context", "Sciences 5e",
                    "meta_bbb-context-id", "2", "meta_bbb-context-name", "Sciences 5e", "meta_bbb-context-label", "SCI5",
                    "meta_bbb-recording-name", "Sciences 5e B", "meta_bbb-recording-description", "",
                    "meta_bbb-recording-tags", "", "meta_bbb-meeting-size-hint", "28",
                    "meta_endCallbackUrl", "http://127.0.0.1:" + lms.getAddress().getPort()
                            + "/mod/bigbluebuttonbn/bbb_broker.php?action=meeting_end&bigbluebuttonbn=1");
            HttpResponse<String> created = moodle.call("create", create);
            String body = created.body();
            assertEquals("SUCCESS", element(body, "returncode"), body);
            assertEquals(meetingId, element(body, "meetingID"));
            String createTime = element(body, "createTime");
            assertEquals(sha1(meetingId) + "-" + createTime, element(body, "internalMeetingID"));
            assertEquals("bbb-none", element(body, "parentMeetingID"));
            assertEquals("viewer-pw-1", element(body, "attendeePW"));
            assertEquals("mod-pw-1", element(body, "moderatorPW"));
            assertTrue(Math.abs(Long.parseLong(createTime) - System.currentTimeMillis()) < 60_000, createTime);
            for (String shown : new String[] {"voiceBridge", "dialNumber", "createDate", "hasUserJoined", "duration", "hasBeenForciblyEnded"}) {
                assertTrue(body.contains("<" + shown + ">"), shown + " missing: " + body);
            }
            assertEquals("false", element(body, "hasBeenForciblyEnded"));

            String info = moodle.call("getMeetingInfo", params("meetingID", meetingId)).body();
            assertEquals("SUCCESS", element(info, "returncode"), info);
            assertEquals("Sciences 5e B", element(info, "meetingName"));
            assertEquals("false", element(info, "running"));
            assertEquals("0", element(info, "participantCount"));
            assertEquals("30", element(info, "maxUsers"));
            assertEquals("Moodle", element(info, "bbb-origin"));
            assertEquals("moodle-mod_bigbluebuttonbn (2022112800)", element(info, "bbb-origin-tag"));
            assertEquals("false", element(info, "isBreakout"));

            Map<String, String> asTeacher = params("meetingID", meetingId, "fullName", "Mme Martin", "password", "mod-pw-1",
                    "logoutURL", "https://moodle.example/mod/bigbluebuttonbn/bbb_view.php?action=logout&id=7",
                    "role", "MODERATOR", "userID", "3", "guest", "false", "createTime", createTime,
                    "userdata-bbb_override_default_locale", "fr");
            BbbLanding teacher = BbbLanding.of(moodle.call("join", asTeacher));
            assertEquals("Mme Martin", teacher.name());
            assertEquals("https://moodle.example/mod/bigbluebuttonbn/bbb_view.php?action=logout&id=7", teacher.leave());
            Map<String, String> asStudent = params("meetingID", meetingId, "fullName", "Léa D.", "password", "viewer-pw-1",
                    "logoutURL", "https://moodle.example/course/view.php?id=2", "role", "VIEWER", "userID", "4",
                    "guest", "false", "createTime", createTime);
            BbbLanding student = BbbLanding.of(moodle.call("join", asStudent));
            assertEquals(teacher.roomId(), student.roomId());

            try (WsClient mme = node.connect(teacher.roomId(), teacher.token());
                 WsClient lea = node.connect(student.roomId(), student.token())) {
                assertEquals(Role.ROLE_TEACHER, mme.join(teacher.token(), teacher.name()).getRole());
                assertEquals(Role.ROLE_STUDENT, lea.join(student.token(), student.name()).getRole());

                String live = moodle.call("getMeetingInfo", params("meetingID", meetingId)).body();
                assertEquals("true", element(live, "running"), live);
                assertEquals("true", element(live, "hasUserJoined"));
                assertEquals("2", element(live, "participantCount"));
                assertEquals("1", element(live, "moderatorCount"));
                assertTrue(live.contains("<fullName>Mme Martin</fullName><role>MODERATOR</role>"), live);
                assertTrue(live.contains("<fullName>Léa D.</fullName><role>VIEWER</role>"), live);

                HttpResponse<String> wrongPassword = moodle.call("end", params("meetingID", meetingId, "password", "viewer-pw-1"));
                assertEquals("invalidPassword", element(wrongPassword.body(), "messageKey"));
                String ended = moodle.call("end", params("meetingID", meetingId, "password", "mod-pw-1")).body();
                assertEquals("SUCCESS", element(ended, "returncode"), ended);
                assertEquals("sentEndMeetingRequest", element(ended, "messageKey"));
                assertEquals(CloseCode.ENDED, mme.awaitClose());
                assertEquals(CloseCode.ENDED, lea.awaitClose());
            }
            String query = callback.get(10, TimeUnit.SECONDS);
            assertTrue(query.startsWith("action=meeting_end&bigbluebuttonbn=1&meetingID="), query);
            assertEquals(meetingId, URLDecoder.decode(query.replaceAll(".*meetingID=([^&]*).*", "$1"), StandardCharsets.UTF_8));
            Thread.sleep(1_000);
            assertEquals(1, callbacks.get(), "one end, one call");

            String after = moodle.call("getMeetingInfo", params("meetingID", meetingId)).body();
            assertEquals("false", element(after, "running"), after);
            assertEquals("true", element(after, "hasBeenForciblyEnded"));
            assertEquals("meetingForciblyEnded", element(moodle.call("join", asStudent).body(), "messageKey"));

            // The next session of the activity: the same meetingID is created again, in the same class.
            String again = moodle.call("create", create).body();
            assertEquals("SUCCESS", element(again, "returncode"), again);
            assertNotEquals(createTime, element(again, "createTime"));
            assertEquals("", element(again, "messageKey"));
            BbbLanding back = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "Mme Martin",
                    "role", "MODERATOR", "createTime", element(again, "createTime"))));
            assertEquals(teacher.roomId(), back.roomId());
        } finally {
            lms.stop(0);
        }
    }

    @Test
    void a_class_ended_from_inside_calls_the_end_callback_once_per_end() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer lms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lms.createContext("/mod/bigbluebuttonbn/bbb_broker.php", exchange -> {
            calls.add(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        lms.start();
        try {
            String meetingId = "inside-" + UUID.randomUUID();
            assertEquals("SUCCESS", element(moodle.call("create", params("meetingID", meetingId, "name", "Histoire",
                    "attendeePW", "ap", "moderatorPW", "mp", "meta_endCallbackUrl", "http://127.0.0.1:"
                            + lms.getAddress().getPort() + "/mod/bigbluebuttonbn/bbb_broker.php?action=meeting_end")).body(),
                    "returncode"));
            BbbLanding teacher = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "M. Roux", "password", "mp")));

            try (WsClient roux = node.connect(teacher.roomId(), teacher.token())) {
                roux.join(teacher.token(), teacher.name());
                roux.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
                assertEquals(CloseCode.ENDED, roux.awaitClose());
            }
            Eventually.awaitTrue("the callback of the teacher's end", Duration.ofSeconds(10), () -> !calls.isEmpty());
            assertEquals(List.of("action=meeting_end&meetingID=" + meetingId + "&recordingmarks=false"), calls);

            // Back in the class, then ended by the REST API: another end, another call.
            try (WsClient roux = node.connect(teacher.roomId(), teacher.token())) {
                roux.join(teacher.token(), teacher.name());
                assertEquals(200, node.post("/api/v1/rooms/" + teacher.roomId() + "/end", "", TestNode.API_KEY).statusCode());
                assertEquals(CloseCode.ENDED, roux.awaitClose());
            }
            Eventually.awaitTrue("the callback of the REST API's end", Duration.ofSeconds(10), () -> calls.size() >= 2);

            // Moodle's own end of the class already ended: marked ended, and no third call.
            assertEquals("SUCCESS", element(moodle.call("end", params("meetingID", meetingId, "password", "mp")).body(), "returncode"));
            assertEquals("true", element(moodle.call("getMeetingInfo", params("meetingID", meetingId)).body(), "hasBeenForciblyEnded"));
            Thread.sleep(1_000);
            assertEquals(2, calls.size(), calls.toString());
        } finally {
            lms.stop(0);
        }
    }

    @Test
    void greenlights_sequence_running_create_retried_join_with_role_and_create_time() {
        String meetingId = sha1(UUID.randomUUID().toString());
        String running = greenlight.call("isMeetingRunning", params("meetingID", meetingId)).body();
        assertEquals("SUCCESS", element(running, "returncode"), running);
        assertEquals("false", element(running, "running"));

        Map<String, String> create = params("name", "Salle de M. Petit", "meetingID", meetingId,
                "moderatorOnlyMessage", "Pour inviter : https://greenlight.example/rooms/abc-def-ghi",
                "logoutURL", "https://greenlight.example/rooms/abc-def-ghi", "meta_bbb-origin-version", "3",
                "meta_bbb-origin", "Greenlight", "meta_bbb-origin-server-name", "greenlight.example",
                "record", "true", "muteOnStart", "false", "guestPolicy", "ALWAYS_ACCEPT",
                "meta_bbb-recording-ready-url", "https://greenlight.example/recording_ready");
        String first = greenlight.call("create", create).body();
        assertEquals("SUCCESS", element(first, "returncode"), first);
        String createTime = element(first, "createTime");
        assertEquals(12, element(first, "moderatorPW").length(), "a password made up when none is sent");
        String retried = greenlight.call("create", create).body();
        assertEquals("SUCCESS", element(retried, "returncode"), retried);
        assertEquals("duplicateWarning", element(retried, "messageKey"));
        assertEquals(createTime, element(retried, "createTime"));
        String clash = greenlight.call("create", params("name", "Another room", "meetingID", meetingId)).body();
        assertEquals("FAILED", element(clash, "returncode"));
        assertEquals("idNotUnique", element(clash, "messageKey"));

        // The Ruby gem sends an empty password beside the role; the role's case is Greenlight's own.
        BbbLanding owner = BbbLanding.of(greenlight.call("join", params("meetingID", meetingId, "password", "", "fullName", "M. Petit",
                "role", "Moderator", "createTime", createTime, "avatarURL", "https://greenlight.example/avatar.png")));
        assertEquals("M. Petit", owner.name());
        assertEquals("https://greenlight.example/rooms/abc-def-ghi", owner.leave(), "the create's logoutURL");
        String stale = greenlight.call("join", params("meetingID", meetingId, "fullName", "Tom", "role", "Viewer",
                "createTime", "1700000000000")).body();
        assertEquals("mismatchCreateTimeParam", element(stale, "messageKey"));

        String asXml = greenlight.call("join", params("meetingID", meetingId, "fullName", "Tom", "role", "viewer",
                "createTime", createTime, "redirect", "false")).body();
        assertEquals("SUCCESS", element(asXml, "returncode"), asXml);
        assertEquals("successfullyJoined", element(asXml, "messageKey"));
        BbbLanding tom = BbbLanding.of(element(asXml, "url").replace("&amp;", "&"));

        try (WsClient petit = node.connect(owner.roomId(), owner.token()); WsClient guest = node.connect(tom.roomId(), tom.token())) {
            assertEquals(Role.ROLE_TEACHER, petit.join(owner.token(), owner.name()).getRole());
            assertEquals(Role.ROLE_STUDENT, guest.join(tom.token(), tom.name()).getRole());
            assertEquals("true", element(greenlight.call("isMeetingRunning", params("meetingID", meetingId)).body(), "running"));
            String all = greenlight.call("getMeetings", params()).body();
            assertEquals("SUCCESS", element(all, "returncode"), all);
            assertTrue(all.contains("<meetingID>" + meetingId + "</meetingID>"), all);
        }
    }

    @Test
    void creates_lock_settings_guest_policy_and_welcome_reach_the_class() {
        String meetingId = "settings-" + UUID.randomUUID();
        String created = moodle.call("create", params("meetingID", meetingId, "name", "Physique", "attendeePW", "ap",
                "moderatorPW", "mp", "lockSettingsDisableCam", "false", "lockSettingsDisableMic", "false",
                "lockSettingsDisablePublicChat", "true", "webcamsOnlyForModerator", "false", "guestPolicy", "ASK_MODERATOR",
                "welcome", "Bienvenue en <b>%%CONFNAME%%</b> !<br/>Les micros sont   coupés.")).body();
        assertEquals("SUCCESS", element(created, "returncode"), created);
        BbbLanding teacher = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "M. Blanc", "password", "mp")));
        BbbLanding student = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "Inès", "password", "ap")));
        try (WsClient blanc = node.connect(teacher.roomId(), teacher.token());
             WsClient ines = node.connect(student.roomId(), student.token())) {
            var room = blanc.join(teacher.token(), teacher.name()).getRoom();
            assertEquals(Locks.newBuilder().setStudentsMayUseCamera(true).setStudentsMayUseMicrophone(true)
                    .setChatLocked(true).setStudentsSeeEachOther(true).build(), room.getLocks());
            assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT, room.getEntryPolicy(), "ASK_MODERATOR is the waiting room");
            assertEquals(1, room.getChatCount());
            assertEquals("", room.getChat(0).getFrom(), "the class's own message");
            assertEquals("Bienvenue en Physique !\nLes micros sont coupés.", room.getChat(0).getText());
            ines.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(student.token()).setDisplayName(student.name())));
            ines.await(ServerFrame::hasWaiting);
        }
    }

    @Test
    void creates_of_one_new_meeting_at_once_open_one_class() throws Exception {
        String meetingId = "race-" + UUID.randomUUID();
        Map<String, String> create = params("meetingID", meetingId, "name", "Course", "attendeePW", "ap", "moderatorPW", "mp");
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            creates.add(CompletableFuture.supplyAsync(() -> moodle.call("create", create).body()));
        }
        Set<String> createTimes = new HashSet<>();
        for (CompletableFuture<String> answer : creates) {
            String body = answer.get(30, TimeUnit.SECONDS);
            assertEquals("SUCCESS", element(body, "returncode"), body);
            createTimes.add(element(body, "createTime"));
        }
        assertEquals(1, createTimes.size(), "one meeting: " + createTimes);
        BbbLanding one = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "A", "password", "ap")));
        BbbLanding two = BbbLanding.of(moodle.call("join", params("meetingID", meetingId, "fullName", "B", "password", "mp")));
        assertEquals(one.roomId(), two.roomId());
    }

    @Test
    void a_checksum_of_each_length_is_taken_and_a_wrong_one_is_a_checksum_error() {
        Map<String, String> ask = params("meetingID", "no-such-meeting");
        for (String algorithm : new String[] {"SHA-1", "SHA-256", "SHA-384", "SHA-512"}) {
            BbbClient client = new BbbClient(node, TestNode.BBB_SECRET, algorithm);
            String answer = client.call("isMeetingRunning", ask).body();
            assertEquals("SUCCESS", element(answer, "returncode"), algorithm + ": " + answer);
            // Compared without regard to case, and found wherever it stands in the query.
            String query = BbbClient.query(ask);
            String upper = client.get("/bigbluebutton/api/isMeetingRunning?checksum="
                    + client.checksum("isMeetingRunning", query).toUpperCase() + "&" + query).body();
            assertEquals("SUCCESS", element(upper, "returncode"), algorithm + ": " + upper);
        }
        BbbClient wrongSecret = new BbbClient(node, "not-the-secret-0123456789", "SHA-256");
        for (String call : new String[] {"create", "join", "end", "getMeetingInfo", "isMeetingRunning", "getMeetings", "getRecordings"}) {
            String answer = wrongSecret.call(call, params("meetingID", "m-1", "fullName", "x")).body();
            assertEquals("FAILED", element(answer, "returncode"), call);
            assertEquals("checksumError", element(answer, "messageKey"), call);
        }
        String query = BbbClient.query(ask);
        String checksum = moodle.checksum("isMeetingRunning", query);
        assertEquals("checksumError", element(moodle.get("/bigbluebutton/api/isMeetingRunning?" + query
                + "&checksum=" + checksum.substring(0, 39)).body(), "messageKey"), "39 digits: no algorithm");
        assertEquals("checksumError", element(moodle.get("/bigbluebutton/api/isMeetingRunning?" + query).body(), "messageKey"),
                "no checksum");
        assertEquals("checksumError", element(moodle.get("/bigbluebutton/api/getMeetingInfo?" + query
                + "&checksum=" + checksum).body(), "messageKey"), "another call's checksum");
        assertEquals("checksumError", element(moodle.get("/bigbluebutton/api/isMeetingRunning?" + query.replace("no-such", "other")
                + "&checksum=" + checksum).body(), "messageKey"), "a changed parameter");
    }

    @Test
    void unknown_meetings_missing_parameters_and_wrong_passwords_get_bigbluebuttons_message_keys() {
        assertEquals("notFound", element(moodle.call("getMeetingInfo", params("meetingID", "never-created")).body(), "messageKey"));
        assertEquals("notFound", element(moodle.call("end", params("meetingID", "never-created")).body(), "messageKey"));
        assertEquals("invalidMeetingIdentifier", element(moodle.call("join",
                params("meetingID", "never-created", "fullName", "Zoé", "role", "VIEWER")).body(), "messageKey"));
        assertEquals("missingParamMeetingID", element(moodle.call("create", params("name", "x")).body(), "messageKey"));
        assertEquals("missingParamMeetingID", element(moodle.call("getMeetingInfo", params()).body(), "messageKey"));
        assertEquals("missingParamMeetingID", element(moodle.call("isMeetingRunning", params()).body(), "messageKey"));
        assertEquals("missingParamMeetingID", element(moodle.call("end", params()).body(), "messageKey"));
        assertEquals("missingParamMeetingID", element(moodle.call("join", params("fullName", "Zoé")).body(), "messageKey"));
        assertEquals("sizeError", element(moodle.call("create", params("meetingID", "m")).body(), "messageKey"));

        String meetingId = "refusals-" + UUID.randomUUID();
        assertEquals("SUCCESS", element(moodle.call("create", params("meetingID", meetingId, "name", "Refus",
                "attendeePW", "ap", "moderatorPW", "mp")).body(), "returncode"));
        assertEquals("missingParamFullName", element(moodle.call("join",
                params("meetingID", meetingId, "password", "ap")).body(), "messageKey"));
        assertEquals("invalidPassword", element(moodle.call("join",
                params("meetingID", meetingId, "fullName", "Zoé", "password", "guess")).body(), "messageKey"));
        assertEquals("invalidPassword", element(moodle.call("join",
                params("meetingID", meetingId, "fullName", "Zoé")).body(), "messageKey"));
        assertEquals("unsupportedRequest", element(moodle.call("deleteRecordings", params()).body(), "messageKey"));
        String recordings = moodle.call("getRecordings", params("meetingID", meetingId)).body();
        assertEquals("SUCCESS", element(recordings, "returncode"));
        assertEquals("noRecordings", element(recordings, "messageKey"));
    }

    @Test
    void a_post_is_checked_on_its_query_string_only_and_its_body_is_dropped() throws Exception {
        String meetingId = "posted-" + UUID.randomUUID();
        String url = moodle.url("create", params("meetingID", meetingId, "name", "Avec diapositives"));
        var request = java.net.http.HttpRequest.newBuilder(node.http(url))
                .header("Content-Type", "text/xml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "<modules><module name=\"presentation\"><document url=\"https://x.example/a.pdf\"/></module></modules>"))
                .build();
        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals("SUCCESS", element(answer.body(), "returncode"), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
