package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.ProblemBody.assertRefused;
import static app.ardoise.cluster.support.JsonBody.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.GoToBreakout;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.MyClass;
import app.ardoise.protocol.v1.MyClassesResponse;
import app.ardoise.protocol.v1.RenewLinkResponse;
import app.ardoise.protocol.v1.RoomInfoResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SignedInTeacher;
import com.datastax.oss.driver.api.core.CqlSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Mes classes" on a real node in dev sign-in mode: a teacher's own classes over /api/v1/my/classes, ownership,
 * the session and CSRF checks, and a delete that leaves nothing of the class (nor of its breakout groups) in Cassandra.
 */
class MyClassesTest {
    private static final String CLASSES = "/api/v1/my/classes";

    private static TestNode node;

    @BeforeAll
    static void start() {
        // A snapshot every few events, so that the delete test has snapshots to delete.
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.sign-in.mode = dev
                ardoise.room.snapshot-every = 5
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A signed-in browser, and its session's CSRF token. */
    private record Teacher(Browser browser, String csrf) {
        HttpResponse<String> get(String path) {
            return browser.get(node.http(path));
        }

        HttpResponse<String> send(String method, String path, String json) {
            return browser.send(method, node.http(path), json, "X-CSRF-Token", csrf);
        }

        MyClass create(String title) {
            HttpResponse<String> created = send("POST", CLASSES, "{\"title\":\"" + title + "\"}");
            assertEquals(201, created.statusCode(), created.body());
            String roomId = parse(created.body(), CreateRoomResponse.newBuilder()).getRoomId();
            return list().stream().filter(one -> one.getRoomId().equals(roomId)).findFirst().orElseThrow();
        }

        List<MyClass> list() {
            HttpResponse<String> listed = get(CLASSES);
            assertEquals(200, listed.statusCode(), listed.body());
            return parse(listed.body(), MyClassesResponse.newBuilder()).getClassesList();
        }
    }

    private static Teacher signIn(String name) {
        Browser browser = new Browser();
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", name)).statusCode());
        HttpResponse<String> me = browser.get(node.http("/api/v1/me"));
        assertEquals(200, me.statusCode(), me.body());
        return new Teacher(browser, parse(me.body(), SignedInTeacher.newBuilder()).getCsrfToken());
    }

    @Test
    void a_teacher_lists_renames_and_archives_the_classes_they_created() {
        Teacher ada = signIn("Ada");
        MyClass first = ada.create("Maths 4B");
        HttpResponse<String> viaRooms = ada.send("POST", "/api/v1/rooms", "{\"title\":\"Physique\"}");
        assertEquals(201, viaRooms.statusCode(), viaRooms.body());
        String operators = node.createRoom("The operator's").getRoomId();

        List<MyClass> listed = ada.list();
        assertEquals(List.of("Physique", "Maths 4B"), listed.stream().map(MyClass::getTitle).toList(), "newest first");
        assertTrue(listed.stream().noneMatch(one -> one.getRoomId().equals(operators)), "the API key's classes have no owner");
        assertFalse(first.getArchived());
        assertFalse(first.getLive());
        assertTrue(first.getCreatedAtEpochS() > 0);
        assertEquals(200, node.send("/api/v1/rooms/" + first.getRoomId() + "/entry", first.getStudent().getToken()).statusCode());

        try (WsClient student = node.connect(first.getRoomId(), first.getStudent().getToken())) {
            student.join(first.getStudent().getToken(), "Zoé");
            MyClass live = ada.list().stream().filter(one -> one.getRoomId().equals(first.getRoomId())).findFirst().orElseThrow();
            assertTrue(live.getLive());
            assertEquals(1, live.getParticipantsConnected());

            HttpResponse<String> renamed = ada.send("PATCH", CLASSES + "/" + first.getRoomId(), "{\"title\":\"Maths 4C\"}");
            assertEquals(200, renamed.statusCode(), renamed.body());
            assertEquals("Maths 4C", parse(renamed.body(), RoomInfoResponse.newBuilder()).getTitle());
            ServerFrame seen = student.await(frame -> frame.hasEvent() && frame.getEvent().hasTitleChanged());
            assertEquals("Maths 4C", seen.getEvent().getTitleChanged().getTitle(), "everyone in the class sees it");
        }
        assertEquals(400, ada.send("PATCH", CLASSES + "/" + first.getRoomId(), "{\"title\":\"  \"}").statusCode());
        assertEquals("Maths 4C", ada.list().get(1).getTitle());

        assertEquals(204, ada.send("POST", CLASSES + "/" + first.getRoomId() + "/archive", "").statusCode());
        assertTrue(ada.list().get(1).getArchived());
        assertEquals(204, ada.send("POST", CLASSES + "/" + first.getRoomId() + "/unarchive", "").statusCode());
        assertFalse(ada.list().get(1).getArchived());
    }

    @Test
    void the_owner_ends_a_class_and_renews_its_links_and_the_list_gives_the_current_ones() {
        Teacher ada = signIn("Ada Ends");
        MyClass room = ada.create("Histoire");
        try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Zoé");
            HttpResponse<String> ended = ada.send("POST", CLASSES + "/" + room.getRoomId() + "/end", "");
            assertEquals(200, ended.statusCode(), ended.body());
            assertTrue(parse(ended.body(), RoomInfoResponse.newBuilder()).getEnded());
            assertEquals(CloseCode.ENDED, student.awaitClose());
        }

        HttpResponse<String> renewed = ada.send("POST", CLASSES + "/" + room.getRoomId() + "/links/student/renew", "");
        assertEquals(200, renewed.statusCode(), renewed.body());
        String fresh = parse(renewed.body(), RenewLinkResponse.newBuilder()).getLink().getToken();
        assertEquals(410, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getStudent().getToken()).statusCode());
        assertEquals(200, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", fresh).statusCode());

        MyClass listed = ada.list().get(0);
        assertNotEquals(room.getStudent().getToken(), listed.getStudent().getToken());
        assertEquals(200, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", listed.getStudent().getToken()).statusCode(),
                "the listed link is the renewed one");
        assertEquals(200, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", listed.getTeacher().getToken()).statusCode());
        assertRefused(404, "unknown_link", ada.send("POST", CLASSES + "/" + room.getRoomId() + "/links/janitor/renew", ""));

        HttpResponse<String> byOperator = node.post("/api/v1/rooms/" + room.getRoomId() + "/end", "", TestNode.API_KEY);
        assertEquals(200, byOperator.statusCode(), "the operator's routes still take the API key: " + byOperator.body());
    }

    @Test
    void another_teacher_gets_not_owner_and_an_unknown_class_is_not_found() {
        Teacher ada = signIn("Ada Owns");
        Teacher bob = signIn("Bob");
        MyClass adas = ada.create("Anglais");
        String operators = node.createRoom("The operator's").getRoomId();

        for (String roomId : List.of(adas.getRoomId(), operators)) {
            String path = CLASSES + "/" + roomId;
            assertRefused(403, "not_owner", bob.send("PATCH", path, "{\"title\":\"Mine\"}"));
            assertRefused(403, "not_owner", bob.send("POST", path + "/archive", ""));
            assertRefused(403, "not_owner", bob.send("POST", path + "/end", ""));
            assertRefused(403, "not_owner", bob.send("POST", path + "/links/teacher/renew", ""));
            assertRefused(403, "not_owner", bob.send("DELETE", path, ""));
        }
        assertTrue(bob.list().isEmpty());
        assertEquals("Anglais", ada.list().get(0).getTitle(), "untouched");
        assertRefused(404, "unknown_class", bob.send("DELETE", CLASSES + "/zzzz-no-such-class", ""));
        assertRefused(404, "unknown_class", bob.send("POST", CLASSES + "/x/archive", ""));
    }

    @Test
    void every_route_needs_the_session_and_every_change_its_csrf_token() {
        Teacher ada = signIn("Ada Guards");
        MyClass room = ada.create("Chimie");
        String path = CLASSES + "/" + room.getRoomId();

        Browser nobody = new Browser();
        assertRefused(401, "not_signed_in", nobody.get(node.http(CLASSES)));
        assertRefused(401, "not_signed_in", nobody.send("POST", node.http(CLASSES), "{}"));
        assertRefused(401, "not_signed_in", nobody.send("DELETE", node.http(path), ""));

        Browser forged = new Browser();
        forged.setCookie(node.http(""), "ardoise_session", "forged-session-id-0123456789");
        assertRefused(401, "not_signed_in", forged.get(node.http(CLASSES)));
        assertRefused(401, "not_signed_in", forged.send("DELETE", node.http(path), "", "X-CSRF-Token", ada.csrf()));

        assertRefused(403, "csrf", ada.browser().send("DELETE", node.http(path), ""));
        assertRefused(403, "csrf", ada.browser().send("PATCH", node.http(path), "{\"title\":\"x\"}", "X-CSRF-Token", "wrong"));
        assertRefused(403, "csrf", ada.browser().send("POST", node.http(CLASSES), "{}", "X-CSRF-Token", "wrong"));
        assertRefused(403, "cross_origin", ada.browser().send("POST", node.http(path + "/archive"), "",
                "X-CSRF-Token", ada.csrf(), "Origin", "https://evil.example"));
        assertEquals(1, ada.list().size(), "nothing was created or deleted");
        assertFalse(ada.list().get(0).getArchived());
    }

    @Test
    void deleting_a_class_closes_it_and_leaves_nothing_of_it_in_cassandra() throws Exception {
        Teacher ada = signIn("Ada Deletes");
        MyClass room = ada.create("Effacée");
        String persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), room.getRoomId()).id();
        try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Zoé");
            long last = 0;
            for (int i = 0; i < 12; i++) {
                last = student.chat("message " + i);
            }
            long written = last;
            student.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == written);
            try (CqlSession cassandra = TestCassandra.shared().openSession()) {
                assertTrue(rows(cassandra, "messages", persistenceId) > 0);
                assertTrue(rows(cassandra, "snapshots", persistenceId) > 0, "snapshots to delete (every 5 events)");
            }

            assertEquals(204, ada.send("DELETE", CLASSES + "/" + room.getRoomId(), "").statusCode());
            assertEquals(CloseCode.ENDED, student.awaitClose());
        }

        try (CqlSession cassandra = TestCassandra.shared().openSession()) {
            for (String table : List.of("messages", "snapshots", "metadata", "all_persistence_ids")) {
                assertEquals(0, rows(cassandra, table, persistenceId), table + " still holds the class");
            }
        }
        assertRefused(404, "unknown_class", node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getStudent().getToken()));
        assertTrue(ada.list().isEmpty());
        assertRefused(404, "unknown_class", ada.send("DELETE", CLASSES + "/" + room.getRoomId(), ""));
    }

    @Test
    void deleting_a_class_erases_its_breakout_groups_with_it() throws Exception {
        Teacher ada = signIn("Ada Splits");
        MyClass room = ada.create("En groupes");
        List<String> groups = List.of(room.getRoomId() + "~g1", room.getRoomId() + "~g2");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Ada");
            student.join(room.getStudent().getToken(), "Zoé");
            teacher.send(ClientFrame.newBuilder().setOpenBreakouts(OpenBreakouts.newBuilder()
                    .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM).setCount(2).setDurationMs(600_000)));
            GoToBreakout go = student.await(ServerFrame::hasGoToBreakout).getGoToBreakout();
            try (WsClient inGroup = node.connect(go.getGroupId(), go.getToken())) {
                inGroup.join(go.getToken(), "");
                long sent = inGroup.chat("bonjour le groupe");
                inGroup.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == sent);
                try (CqlSession cassandra = TestCassandra.shared().openSession()) {
                    for (String group : groups) {
                        assertTrue(rows(cassandra, "messages", PersistenceId.of(RoomProtocol.TYPE_KEY.name(), group).id()) > 0,
                                group + " was made and written");
                    }
                }
                assertEquals(204, ada.send("DELETE", CLASSES + "/" + room.getRoomId(), "").statusCode());
                assertEquals(CloseCode.ENDED, inGroup.awaitClose(), "the group closes with its class");
            }
        }
        try (CqlSession cassandra = TestCassandra.shared().openSession()) {
            for (String group : groups) {
                String persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), group).id();
                for (String table : List.of("messages", "snapshots", "metadata", "all_persistence_ids")) {
                    assertEquals(0, rows(cassandra, table, persistenceId), table + " still holds " + group);
                }
            }
        }
    }

    private static long rows(CqlSession cassandra, String table, String persistenceId) {
        return cassandra.execute("SELECT * FROM " + node.keyspace() + "." + table + " WHERE persistence_id = ? ALLOW FILTERING",
                persistenceId).all().size();
    }
}
