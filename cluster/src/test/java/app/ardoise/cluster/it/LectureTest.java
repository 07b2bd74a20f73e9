package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.RoomEntryResponse;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lecture over real WebSockets: more students than the deployment's default (300) join a class created for
 * 1,000; each gets the teachers and a count, never the others' arrivals, while the teacher sees everyone. And a
 * class's own limit refuses the student past it.
 */
class LectureTest {
    private static final int STUDENTS = 400;
    private static TestNode node;

    @BeforeAll
    static void start() {
        // Every client comes from 127.0.0.1: the per-address opening rate, sized for one school, would pace them.
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.room.presence-window = 500ms
                ardoise.http.websockets-per-address-per-second = 10000
                ardoise.http.websockets-per-address-burst = 10000
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void four_hundred_students_join_a_class_of_a_thousand_and_are_sent_counts_instead_of_each_arrival() throws Exception {
        CreateRoomResponse room = create("Amphi", 1000);
        String link = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Prof");
            List<WsClient> students = new ArrayList<>();
            long start = System.nanoTime();
            ExecutorService joining = Executors.newFixedThreadPool(16);
            try {
                List<CompletableFuture<Welcome>> welcomes = new ArrayList<>();
                for (int i = 0; i < STUDENTS; i++) {
                    WsClient student = node.connect(room.getRoomId(), link);
                    students.add(student);
                    String name = "Élève " + i;
                    welcomes.add(CompletableFuture.supplyAsync(() -> student.join(link, name), joining));
                }
                for (CompletableFuture<Welcome> welcome : welcomes) {
                    Welcome in = welcome.join();
                    assertTrue(in.getRoom().getLecture(), "a class allowed 1,000 is a lecture");
                    assertEquals(1000, in.getRoom().getMaxParticipants());
                    List<String> roster = in.getRoom().getParticipantsList().stream().map(Participant::getName).toList();
                    assertEquals(2, roster.size(), "the teacher and themselves, not " + roster.size() + " names");
                    assertTrue(roster.contains("Prof"), roster.toString());
                }
                System.out.printf("LectureTest: %d students joined in %.1f s%n", STUDENTS, (System.nanoTime() - start) / 1e9);

                int arrivals = 0;
                while (arrivals < STUDENTS) {
                    ServerFrame frame = teacher.next();
                    if (frame.hasEvents()) {
                        arrivals += (int) frame.getEvents().getEventsList().stream().filter(RoomEvent::hasJoined).count();
                    } else if (frame.hasEvent() && frame.getEvent().hasJoined()) {
                        arrivals++;
                    }
                    assertFalse(frame.hasPresence(), "teachers have the roster, not counts");
                }

                // The first student in would have had 399 arrivals; it gets a count per window instead.
                WsClient first = students.get(0);
                List<ServerFrame> seen = first.drain(Duration.ofMillis(1500));
                assertTrue(seen.stream().noneMatch(f -> f.hasEvent() || f.hasEvents()), "no other student's arrival");
                List<Integer> counts = seen.stream().filter(ServerFrame::hasPresence).map(f -> f.getPresence().getConnected()).toList();
                assertFalse(counts.isEmpty(), "a count");
                assertEquals(STUDENTS + 1, counts.get(counts.size() - 1), "everyone, the teacher included");
                assertTrue(seen.size() < 60, "a frame per window at most, not one per arrival: " + seen.size());
                System.out.printf("LectureTest: the first student got %d frames after its Welcome, counts %s%n", seen.size(), counts);

                // Past the default of 300 the class still says it has room.
                RoomEntryResponse entry = entry(room.getRoomId(), link);
                assertEquals(STUDENTS + 1, entry.getParticipants());
                assertFalse(entry.getFull());
            } finally {
                joining.shutdownNow();
                students.forEach(WsClient::close);
            }
        }
    }

    @Test
    void a_class_refuses_the_student_past_its_own_limit_and_still_lets_teachers_in() throws Exception {
        CreateRoomResponse room = create("Atelier", 3);
        String link = room.getStudent().getToken();
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient student = node.connect(room.getRoomId(), link);
                open.add(student);
                assertFalse(student.join(link, "Élève " + i).getRoom().getLecture());
            }
            RoomEntryResponse entry = entry(room.getRoomId(), link);
            assertEquals(3, entry.getMaxParticipants());
            assertTrue(entry.getFull());

            WsClient late = node.connect(room.getRoomId(), link);
            open.add(late);
            late.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(link).setDisplayName("En retard")));
            ServerFrame refused = late.await(f -> f.hasError() || f.hasWelcome());
            assertEquals("room_full", refused.getError().getCode(), refused.toString());
            assertEquals("the class is full: 3 students at most", refused.getError().getMessage());

            WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
            open.add(teacher);
            assertEquals(4, teacher.join(room.getTeacher().getToken(), "Prof").getRoom().getConnected(),
                    "three students and the teacher, not the one refused");
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private static CreateRoomResponse create(String title, int maxParticipants) throws Exception {
        HttpResponse<String> response = node.post("/api/v1/rooms",
                "{\"title\":\"" + title + "\",\"maxParticipants\":" + maxParticipants + "}", TestNode.API_KEY);
        assertEquals(201, response.statusCode(), response.body());
        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), created);
        return created.build();
    }

    private static RoomEntryResponse entry(String roomId, String token) throws Exception {
        HttpResponse<String> response = node.get("/api/v1/rooms/" + roomId + "/entry", "Authorization", "Bearer " + token);
        assertEquals(200, response.statusCode(), response.body());
        RoomEntryResponse.Builder entry = RoomEntryResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), entry);
        return entry.build();
    }
}
