package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.ReplayPage;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay's journal (GET /api/v1/rooms/{id}/replay) through a real node and Cassandra: folded from its first
 * event, it ends on the board the class shows live (same digest) and the chat it shows; a student sees what a
 * student sees live, once the teacher lets students open it; after retention's purge it starts from the snapshot.
 */
class ReplayTest {
    private static final TestNode node = TestNode.shared();

    @Test
    void the_replay_of_a_scripted_class_ends_on_its_live_board_and_chat() throws Exception {
        CreateRoomResponse room = node.createRoom("Histoire 5C");
        String studentId;
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome welcome = teacher.join(room.getTeacher().getToken(), "Mme Roux");
            studentId = student.join(room.getStudent().getToken(), "Léo").getParticipantId();
            script(teacher, student, welcome, studentId, 12);
        }
        Welcome live;
        try (WsClient late = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            live = late.join(room.getTeacher().getToken(), "Mme Roux, plus tard");
        }

        ReplayPage first = page(room, room.getTeacher().getToken(), "");
        assertEquals(1, first.getStartSeq(), "a whole journal starts at the class's creation");
        assertEquals("Histoire 5C", first.getStart().getTitle());
        List<RoomEvent> events = replay(room, room.getTeacher().getToken());
        WhiteboardDoc board = WhiteboardDoc.fromProto(first.getStart().getWhiteboard());
        List<String> chat = new ArrayList<>();
        for (RoomEvent event : events) {
            if (event.hasWhiteboard()) {
                board.apply(event.getWhiteboard());
            }
            if (event.hasChat() && !event.getChat().getDeleted()) {
                chat.add(event.getChat().getText());
            }
        }
        assertTrue(events.stream().filter(RoomEvent::hasChat).noneMatch(e -> e.getChat().getText().equals("oups")),
                "a deleted message is served as a tombstone, even before its deletion");
        assertTrue(events.stream().anyMatch(e -> e.hasChat() && e.getChat().getDeleted()), "its seq is still there");
        // The late teacher's own join is in the journal too, after the board and chat: it changes neither.
        assertEquals(WhiteboardDoc.fromProto(live.getRoom().getWhiteboard()).digest(), board.digest(), "the replayed board is the live one");
        assertEquals(live.getRoom().getChatList().stream().map(ChatMessage::getText).toList(), chat, "the replayed chat is the live one");
        assertTrue(chat.contains("à Léo seul"), "a teacher's replay holds the private messages: " + chat);
        assertTrue(events.stream().anyMatch(e -> e.hasJoined() && e.getJoined().getName().equals("Léo")), "who came is in the replay");
        long seqs = events.stream().mapToLong(RoomEvent::getSeq).distinct().count();
        assertEquals(events.size(), seqs, "each event once");

        long middle = events.get(events.size() / 2).getSeq();
        ReplayPage rest = page(room, room.getTeacher().getToken(), "?after=" + middle);
        assertEquals(events.stream().filter(e -> e.getSeq() > middle).toList(), rest.getEventsList(), "a page starts after its seq");
        assertEquals(0, rest.getNextAfter(), "one page holds this class");

        HttpResponse<byte[]> gzipped = node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/replay",
                "Authorization", "Bearer " + room.getTeacher().getToken(), "Accept-Encoding", "gzip");
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""), "gzipped for a client that takes it");
        byte[] unpacked = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertEquals(first, ReplayPage.parseFrom(unpacked));
        assertTrue(gzipped.body().length < unpacked.length, gzipped.body().length + " < " + unpacked.length);
    }

    @Test
    void students_replay_only_when_the_teacher_lets_them_and_see_what_students_see_live() throws Exception {
        CreateRoomResponse room = node.createRoom("Physique 2B");
        HttpResponse<byte[]> refused = get(room, room.getStudent().getToken(), "");
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden", ProblemBody.parse(new String(refused.body())).getError());

        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome welcome = teacher.join(room.getTeacher().getToken(), "M. Blanc");
            String studentId = student.join(room.getStudent().getToken(), "Inès").getParticipantId();
            script(teacher, student, welcome, studentId, 3);
            teacher.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder().setLocks(Locks.newBuilder().setStudentsMayReplay(true))));
            ServerFrame changed = teacher.await(f -> f.hasError() || f.hasEvent() && f.getEvent().hasLocksChanged());
            assertTrue(changed.getEvent().getLocksChanged().getLocks().getStudentsMayReplay(), changed.toString());
        }
        List<RoomEvent> seen = replay(room, room.getStudent().getToken());
        List<String> chat = seen.stream().filter(RoomEvent::hasChat).map(e -> e.getChat().getText()).toList();
        assertTrue(chat.contains("bonjour à tous"), chat.toString());
        assertFalse(chat.contains("à Léo seul") || chat.contains("question privée"), "no private chat in a student's replay: " + chat);
        assertTrue(seen.stream().anyMatch(RoomEvent::hasWhiteboard), "the board is there");

        HttpResponse<byte[]> bad = get(room, room.getTeacher().getToken(), "?after=onze");
        assertEquals(400, bad.statusCode());
        assertEquals("bad_request", ProblemBody.parse(new String(bad.body())).getError());
        CreateRoomResponse other = node.createRoom("Physique 2C");
        assertEquals("wrong_class", ProblemBody.parse(new String(get(room, other.getTeacher().getToken(), "").body())).getError());
    }

    @Test
    void after_retention_purged_its_start_the_replay_starts_from_the_kept_snapshot() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        try (TestNode purging = TestNode.start(keyspace, """
                ardoise.retention.events = 1h
                ardoise.retention.purge-every = 1s
                ardoise.room.snapshot-every = 5
                """)) {
            CreateRoomResponse room = purging.createRoom("Retenue");
            String retention = "/api/v1/rooms/" + room.getRoomId() + "/retention";
            HttpResponse<String> set = new app.ardoise.cluster.support.Browser().send("PUT", purging.http(retention),
                    "{\"events\":\"3s\"}", "Authorization", "Bearer " + room.getTeacher().getToken());
            assertEquals(200, set.statusCode(), set.body());
            try (WsClient teacher = purging.connect(room.getRoomId(), room.getTeacher().getToken())) {
                Welcome welcome = teacher.join(room.getTeacher().getToken(), "M. Martin");
                LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
                String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
                for (int i = 0; i < 6; i++) {
                    draw(teacher, author, page, i);
                }
            }
            long deadline = System.nanoTime() + 40_000_000_000L;
            ReplayPage polled = firstPage(purging, room);
            while (polled.getStartSeq() <= 1 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                polled = firstPage(purging, room);
            }
            ReplayPage first = polled;
            assertTrue(first.getStartSeq() > 1 && first.getStartTimeMs() > 0, "the journal's start was purged: the replay starts from the snapshot");
            assertTrue(first.getEventsList().stream().allMatch(e -> e.getSeq() > first.getStartSeq()), "events after the snapshot only");
            WhiteboardDoc board = WhiteboardDoc.fromProto(first.getStart().getWhiteboard());
            first.getEventsList().stream().filter(RoomEvent::hasWhiteboard).forEach(e -> board.apply(e.getWhiteboard()));
            try (WsClient late = purging.connect(room.getRoomId(), room.getTeacher().getToken())) {
                Welcome live = late.join(room.getTeacher().getToken(), "M. Martin");
                assertEquals(WhiteboardDoc.fromProto(live.getRoom().getWhiteboard()).digest(), board.digest());
                assertEquals(6, board.liveShapeCount(live.getRoom().getWhiteboard().getPages(0).getPageId()));
            }
        }
    }

    /**
     * A class: shapes drawn, moved and one deleted; public chat from both, a private message each way, one public
     * message deleted by the teacher.
     */
    private static void script(WsClient teacher, WsClient student, Welcome welcome, String studentId, int shapes) {
        LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
        String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < shapes; i++) {
            drawn.add(draw(teacher, author, page, i));
        }
        acknowledged(teacher, teacher.send(batch(author, page, WhiteboardOp.newBuilder().setUpdateProps(UpdateProps.newBuilder()
                .setShapeId(drawn.get(0)).setProps(ShapeProps.newBuilder().setX(9000).setY(100))))));
        acknowledged(teacher, teacher.send(batch(author, page, WhiteboardOp.newBuilder().setDeleteShape(DeleteShape.newBuilder()
                .setShapeId(drawn.get(1))))));
        acknowledged(teacher, teacher.chat("bonjour à tous"));
        acknowledged(student, student.chat("bonjour madame"));
        acknowledged(student, student.chatTo(welcome.getParticipantId(), "question privée"));
        acknowledged(teacher, teacher.chatTo(studentId, "à Léo seul"));
        long oops = acknowledged(student, student.chat("oups"));
        acknowledged(teacher, teacher.send(ClientFrame.newBuilder().setDeleteChatMessage(
                app.ardoise.protocol.v1.DeleteChatMessage.newBuilder().setSeq(oops))));
    }

    private static String draw(WsClient client, LocalAuthor author, String page, int i) {
        String id = author.newId();
        acknowledged(client, client.send(batch(author, page, WhiteboardOp.newBuilder().setCreateShape(CreateShape.newBuilder()
                .setShapeId(id).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                .setProps(ShapeProps.newBuilder().setX(500 * i).setY(400).setWidth(300).setHeight(200)
                        .setStrokeColor("#1971c2").setStrokeWidth(20).setOpacity(100).setZIndex("a" + "123456789ABCDEFGH".charAt(i)))))));
        return id;
    }

    private static ClientFrame.Builder batch(LocalAuthor author, String page, WhiteboardOp.Builder op) {
        return ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(author.stamp(op.setPage(page).build())));
    }

    /** The seq of the written event the ack names. */
    private static long acknowledged(WsClient client, long clientSeq) {
        ServerFrame answer = client.await(f -> f.hasError() || f.hasAck() && f.getAck().getClientSeq() == clientSeq);
        assertTrue(answer.hasAck(), answer.toString());
        return answer.getAck().getSeq();
    }

    private static List<RoomEvent> replay(CreateRoomResponse room, String token) throws Exception {
        List<RoomEvent> events = new ArrayList<>();
        String after = "";
        while (true) {
            ReplayPage page = page(room, token, after);
            events.addAll(page.getEventsList());
            if (page.getNextAfter() == 0) {
                return events;
            }
            after = "?after=" + page.getNextAfter();
        }
    }

    private static ReplayPage page(CreateRoomResponse room, String token, String query) throws Exception {
        HttpResponse<byte[]> response = get(room, token, query);
        assertEquals(200, response.statusCode(), new String(response.body()));
        assertEquals("application/x-protobuf", response.headers().firstValue("Content-Type").orElseThrow());
        return ReplayPage.parseFrom(response.body());
    }

    private static ReplayPage firstPage(TestNode at, CreateRoomResponse room) throws Exception {
        HttpResponse<byte[]> response = at.getBytes("/api/v1/rooms/" + room.getRoomId() + "/replay",
                "Authorization", "Bearer " + room.getTeacher().getToken());
        assertEquals(200, response.statusCode());
        return ReplayPage.parseFrom(response.body());
    }

    private static HttpResponse<byte[]> get(CreateRoomResponse room, String token, String query) {
        return node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/replay" + query, "Authorization", "Bearer " + token);
    }
}
