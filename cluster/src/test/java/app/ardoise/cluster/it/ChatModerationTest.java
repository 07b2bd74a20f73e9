package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.DeleteChatMessage;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetChatMuted;
import app.ardoise.protocol.v1.Welcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A teacher's chat moderation over real WebSockets: once a message is deleted, its text is in no frame any
 * participant receives, whether live, in a Welcome, or in a resume's catch-up.
 */
class ChatModerationTest {
    private static final String BAD = "a very bad word";
    private final TestNode node = TestNode.shared();

    @Test
    void a_deleted_message_reaches_no_one_again() throws InterruptedException {
        CreateRoomResponse room = node.createRoom("Moderation");
        String student = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient author = node.connect(room.getRoomId(), student)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            author.join(student, "Author");
            WsClient away = node.connect(room.getRoomId(), student);
            Welcome awayWelcome = away.join(student, "Away");
            long beforeBad = awayWelcome.getLastSeq();

            author.chat(BAD);
            long seq = teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent().getSeq();
            away.await(f -> f.hasEvent() && f.getEvent().hasChat());
            away.abort();
            teacher.await(f -> f.hasEvent() && f.getEvent().hasDisconnected());

            long deleteSeq = teacher.send(ClientFrame.newBuilder()
                    .setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(seq)));
            assertEquals(seq, teacher.await(f -> f.hasEvent() && f.getEvent().hasChatMessageDeleted())
                    .getEvent().getChatMessageDeleted().getSeq());
            teacher.await(f -> f.hasAck() && f.getAck().getClientSeq() == deleteSeq);
            author.await(f -> f.hasEvent() && f.getEvent().hasChatMessageDeleted());

            List<ServerFrame> after = new ArrayList<>();
            author.send(ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
            after.add(author.await(ServerFrame::hasWelcome));
            try (WsClient late = node.connect(room.getRoomId(), student);
                 WsClient back = node.connect(room.getRoomId(), student)) {
                late.join(student, "Late");
                after.add(ServerFrame.newBuilder().setWelcome(late.welcome()).build());
                back.resume(room.getRoomId(), awayWelcome, beforeBad);
                List<ServerFrame> replay = back.until(ServerFrame::hasAck);
                assertTrue(replay.stream().anyMatch(f -> f.getEvent().getSeq() == seq && f.getEvent().getChat().getDeleted()),
                        "the catch-up replays a tombstone in the message's place: " + replay);
                after.addAll(replay);
                author.chat("sorry");
                for (WsClient client : List.of(teacher, author, late, back)) {
                    after.addAll(client.drain(Duration.ofMillis(300)));
                }
            }
            assertTrue(after.size() > 4, after.toString());
            for (ServerFrame frame : after) {
                assertFalse(frame.toString().contains(BAD), frame.toString());
            }
        }
    }

    @Test
    void a_muted_student_cannot_write_and_the_roster_shows_it() {
        CreateRoomResponse room = node.createRoom("Muted");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            String id = student.join(room.getStudent().getToken(), "Chatty").getParticipantId();
            student.send(ClientFrame.newBuilder().setSetChatMuted(SetChatMuted.newBuilder().setParticipantId(id).setMuted(true)));
            assertEquals(ErrorCode.FORBIDDEN, student.await(ServerFrame::hasError).getError().getCode());

            teacher.send(ClientFrame.newBuilder().setSetChatMuted(SetChatMuted.newBuilder().setParticipantId(id).setMuted(true)));
            assertTrue(student.await(f -> f.hasEvent() && f.getEvent().hasChatMuteChanged()).getEvent().getChatMuteChanged().getMuted());
            long refused = student.chat("hello?");
            var error = student.await(ServerFrame::hasError).getError();
            assertEquals(ErrorCode.CHAT_MUTED, error.getCode());
            assertEquals(refused, error.getClientSeq());
            student.send(ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
            var me = student.await(ServerFrame::hasWelcome).getWelcome().getRoom().getParticipantsList().stream()
                    .filter(p -> p.getId().equals(id)).findFirst().orElseThrow();
            assertTrue(me.getChatMuted());
        }
    }
}
