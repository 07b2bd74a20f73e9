package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dropped connection resumes with exactly the events it missed: no gap, no duplicate. */
class ResumeTest {
    private final TestNode node = TestNode.shared();

    @Test
    void resume_after_a_drop_replays_exactly_the_missed_events() {
        CreateRoomResponse room = node.createRoom("Resume");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken());
            Welcome welcome = student.join(room.getStudent().getToken(), "Student");
            teacher.chat("before the drop");
            long lastSeen = student.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent().getSeq();

            student.abort();
            RoomEvent gone = teacher.await(f -> f.hasEvent() && f.getEvent().hasDisconnected()).getEvent();
            List<Long> missedChat = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                teacher.chat("missed " + i);
                missedChat.add(teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent().getSeq());
            }

            try (WsClient back = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                back.resume(room.getRoomId(), welcome, lastSeen);
                List<ServerFrame> replay = back.until(ServerFrame::hasAck);
                List<Long> seqs = replay.stream().filter(ServerFrame::hasEvent).map(f -> f.getEvent().getSeq()).toList();
                List<Long> expected = new ArrayList<>();
                for (long s = lastSeen + 1; s <= seqs.get(seqs.size() - 1); s++) {
                    expected.add(s);
                }
                assertEquals(expected, seqs, "every event after the last seen one, once, in order");
                assertTrue(seqs.contains(gone.getSeq()));
                assertTrue(seqs.containsAll(missedChat));
                RoomEvent reconnected = replay.stream().filter(ServerFrame::hasEvent).map(ServerFrame::getEvent)
                        .reduce((a, b) -> b).orElseThrow();
                assertTrue(reconnected.hasConnected(), "the replay ends with this participant's return");
                assertEquals(reconnected.getSeq(), replay.get(replay.size() - 1).getAck().getSeq());

                back.chat("I am back");
                RoomEvent fromBack = teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent();
                assertEquals(welcome.getParticipantId(), fromBack.getAuthor());
            }
        }
    }

    @Test
    void a_resume_token_of_another_participant_is_refused() {
        CreateRoomResponse room = node.createRoom("Forged resume");
        try (WsClient a = node.connect(room.getRoomId(), room.getStudent().getToken());
             WsClient b = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome wa = a.join(room.getStudent().getToken(), "A");
            Welcome forged = wa.toBuilder().setParticipantId("pdoesnotexist").build();
            b.resume(room.getRoomId(), forged, 0);
            assertEquals(ErrorCode.BAD_TOKEN, b.await(ServerFrame::hasError).getError().getCode());
        }
    }

    @Test
    void a_resume_from_a_point_the_room_never_reached_gets_a_fresh_snapshot() {
        CreateRoomResponse room = node.createRoom("Old gap");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            Welcome welcome = teacher.join(room.getTeacher().getToken(), "Teacher");
            teacher.close();
            try (WsClient back = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
                back.resume(room.getRoomId(), welcome, welcome.getLastSeq() + 1_000);
                Welcome fresh = back.await(ServerFrame::hasWelcome).getWelcome();
                assertTrue(fresh.getResumed());
                assertEquals(welcome.getParticipantId(), fresh.getParticipantId());
            }
        }
    }
}
