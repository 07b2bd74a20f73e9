package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import org.junit.jupiter.api.Test;

/** A chat message must show something: whitespace of any kind and invisible characters alone are refused. */
class RoomInvisibleChatTest extends RoomTestBase {

    @Test
    void a_message_that_shows_nothing_is_refused_and_one_that_shows_something_is_not() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        long seq = room.getState().lastSeq();
        for (String invisible : new String[] {"\u00a0", "\u200b", "\u200b\u2060\ufeff", "\u202e", " \u00a0\n", "\u0000\u0007"}) {
            expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(invisible)),
                    ErrorCode.INVALID);
        }
        assertEquals(seq, room.getState().lastSeq(), "nothing written");

        long clientSeq = 100;
        for (String shown : new String[] {"ok", "\u00a0ok", "👍", "👩\u200d🏫"}) {
            submit("s1", student, ++clientSeq, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(shown)));
            assertEquals(shown, broadcast(student).getChat().getText());
            assertEquals(clientSeq, single(student).getAck().getClientSeq());
        }
    }

    @Test
    void controls_and_direction_overrides_inside_a_message_are_taken_out_and_lines_and_rtl_marks_stay() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        String[][] cases = {
                {"photo\u202egnp.exe", "photognp.exe"},
                {"x\u0000y\u001b[31m", "xy[31m"},
                {"\u2067abc\u2069 def", "abc def"},
                {"ligne 1\nligne 2\tfin", "ligne 1\nligne 2\tfin"},
                {"\u05e9\u05dc\u05d5\u05dd \u200eOK\u200f", "\u05e9\u05dc\u05d5\u05dd \u200eOK\u200f"},
        };
        long clientSeq = 200;
        for (String[] sent : cases) {
            submit("s1", student, ++clientSeq, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(sent[0])));
            assertEquals(sent[1], broadcast(student).getChat().getText());
            assertEquals(clientSeq, single(student).getAck().getClientSeq());
        }
    }
}
