package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.AnswerPoll;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.PublishPoll;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SignedInTeacher;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A poll run over real WebSockets on a real node, then its results as CSV: by the class's owner with their session,
 * by the operator with the API key; refused to another teacher (403), without either (401); 404 for an unknown poll.
 */
class PollResultsCsvTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestCassandra.freshKeyspace(), "ardoise.sign-in.mode = dev");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_quiz_run_live_exports_as_csv_to_its_owner_and_the_operator_only() throws Exception {
        Browser ada = signIn("Ada Quiz");
        CreateRoomResponse room = create(ada);
        String roomId = room.getRoomId();
        List<WsClient> students = new ArrayList<>();
        try (WsClient teacher = node.connect(roomId, room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Ada");
            for (String name : List.of("Zoé", "=Yanis", "Xavier, dit X")) {
                WsClient student = node.connect(roomId, room.getStudent().getToken());
                student.join(room.getStudent().getToken(), name);
                students.add(student);
            }
            teacher.send(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Combien font 2 + 2 ?")
                    .setKind(PollKind.POLL_KIND_CUSTOM).addOptions("3").addOptions("4").addOptions("\"cinq\"").addCorrect(1)));
            String pollId = teacher.await(frame -> frame.hasEvent() && frame.getEvent().hasPollOpened())
                    .getEvent().getPollOpened().getPoll().getId();
            for (int i = 0; i < students.size(); i++) {
                WsClient student = students.get(i);
                ServerFrame opened = student.await(frame -> frame.hasEvent() && frame.getEvent().hasPollOpened());
                assertEquals(0, opened.getEvent().getPollOpened().getPoll().getCorrectCount(), "no key for students");
                long seq = student.send(ClientFrame.newBuilder().setAnswerPoll(
                        AnswerPoll.newBuilder().setPollId(pollId).addChoices(i == 1 ? 2 : 1)));
                assertTrue(student.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == seq).getAck().getSeq() > 0);
                ServerFrame live = teacher.await(ServerFrame::hasPollResults);
                assertEquals(i + 1, live.getPollResults().getRespondents());
            }
            teacher.send(ClientFrame.newBuilder().setPublishPoll(PublishPoll.newBuilder().setPollId(pollId)));
            for (WsClient student : students) {
                var published = student.await(frame -> frame.hasEvent() && frame.getEvent().hasPollPublished())
                        .getEvent().getPollPublished();
                assertEquals(List.of(0, 2, 1), published.getTally().getCountsList());
                assertEquals(List.of(1), published.getPoll().getCorrectList());
            }

            String path = "/api/v1/my/classes/" + roomId + "/polls/" + pollId + "/results.csv";
            HttpResponse<String> csv = ada.get(node.http(path));
            assertEquals(200, csv.statusCode(), csv.body());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertEquals("participant,answer,correct\r\nZoé,4,yes\r\n'=Yanis,\"\"\"cinq\"\"\",no\r\n\"Xavier, dit X\",4,yes\r\n",
                    csv.body(), "a formula-like name is defused; commas and quotes are quoted");
            HttpResponse<String> byOperator = node.get("/api/v1/rooms/" + roomId + "/polls/" + pollId + "/results.csv",
                    "Authorization", "Bearer " + TestNode.API_KEY);
            assertEquals(200, byOperator.statusCode());
            assertEquals(csv.body(), byOperator.body());

            Browser bob = signIn("Bob Quiz");
            assertEquals(403, bob.get(node.http(path)).statusCode(), "another teacher's class");
            assertEquals(401, new Browser().get(node.http(path)).statusCode());
            assertEquals(401, node.get("/api/v1/rooms/" + roomId + "/polls/" + pollId + "/results.csv").statusCode());
            assertEquals(404, ada.get(node.http("/api/v1/my/classes/" + roomId + "/polls/p999/results.csv")).statusCode());

            teacher.send(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Anonyme ?")
                    .setKind(PollKind.POLL_KIND_YES_NO).setAnonymous(true)));
            String anonymous = teacher.await(frame -> frame.hasEvent() && frame.getEvent().hasPollOpened())
                    .getEvent().getPollOpened().getPoll().getId();
            for (WsClient student : students) {
                student.await(frame -> frame.hasEvent() && frame.getEvent().hasPollOpened());
                long seq = student.send(ClientFrame.newBuilder().setAnswerPoll(AnswerPoll.newBuilder().setPollId(anonymous).addChoices(0)));
                student.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == seq);
            }
            teacher.await(frame -> frame.hasPollResults() && frame.getPollResults().getRespondents() == 3);
            HttpResponse<String> counts = ada.get(node.http("/api/v1/my/classes/" + roomId + "/polls/" + anonymous + "/results.csv"));
            assertEquals("option,count,correct\r\nyes,3,\r\nno,0,\r\n", counts.body());
            assertFalse(counts.body().contains("Zoé"), "an anonymous poll's CSV names no one");
        } finally {
            students.forEach(WsClient::close);
        }
    }

    private static Browser signIn(String name) {
        Browser browser = new Browser();
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", name)).statusCode());
        return browser;
    }

    private static CreateRoomResponse create(Browser teacher) throws Exception {
        HttpResponse<String> me = teacher.get(node.http("/api/v1/me"));
        SignedInTeacher.Builder signedIn = SignedInTeacher.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(me.body(), signedIn);
        HttpResponse<String> created = teacher.send("POST", node.http("/api/v1/my/classes"), "{\"title\":\"Quiz\"}",
                "X-CSRF-Token", signedIn.getCsrfToken());
        assertEquals(201, created.statusCode(), created.body());
        CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(created.body(), room);
        return room.build();
    }
}
