package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A class kept all year, where students close their tab instead of leaving: each day's class is admitted and
 * sees today's roster, and a student who comes back with the same identity comes back as themselves. "A day"
 * here is absent-after (2 s) of absence; a class full of absentees used to answer room_full to everyone.
 */
class ClassOfManyDaysTest {
    private static final int CLASS_SIZE = 6;

    @Test
    void days_of_students_who_close_their_tab_still_admit_today_s_class_with_a_short_roster() throws Exception {
        try (TestNode node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.room.absent-after = 2s
                ardoise.room.max-participants = %d
                """.formatted(CLASS_SIZE))) {
            CreateRoomResponse room = node.createRoom("Histoire 4B");
            String link = room.getStudent().getToken();
            Welcome kept = null;
            for (int day = 1; day <= 5; day++) {
                List<WsClient> today = new ArrayList<>();
                Welcome last = null;
                for (int i = 0; i < CLASS_SIZE; i++) {
                    WsClient student = node.connect(room.getRoomId(), link);
                    today.add(student);
                    last = student.join(link, "Élève " + day + "." + i);
                    assertTrue(last.getParticipantId().startsWith("p"), "admitted on day " + day + ": " + last);
                }
                String prefix = "Élève " + day + ".";
                List<String> roster = last.getRoom().getParticipantsList().stream().map(Participant::getName).toList();
                assertEquals(CLASS_SIZE, roster.size(), "today's class only, on day " + day + ": " + roster);
                assertTrue(roster.stream().allMatch(name -> name.startsWith(prefix)), roster.toString());
                if (day == 2) {
                    kept = last;
                }
                today.forEach(WsClient::abort); // the tab closes: no Leave
                Thread.sleep(2_500);
            }

            // A student of day 2 comes back with the identity their tab kept: the same participant, not a newcomer.
            try (WsClient back = node.connect(room.getRoomId(), link)) {
                back.resume(room.getRoomId(), kept, kept.getLastSeq());
                Welcome welcome = back.await(ServerFrame::hasWelcome).getWelcome();
                assertEquals(kept.getParticipantId(), welcome.getParticipantId());
                List<Participant> roster = welcome.getRoom().getParticipantsList();
                assertEquals(1, roster.size(), roster.toString());
                assertEquals("Élève 2." + (CLASS_SIZE - 1), roster.get(0).getName());
            }
        }
    }
}
