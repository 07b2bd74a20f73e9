package app.ardoise.cluster.bbb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomPresence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A meeting's elements as create and getMeetingInfo print them, without a node. */
class MeetingXmlTest {
    private static final BbbMeeting MEETING = new BbbMeeting("m-1", "room-1", 1_796_605_246_000L, 0,
            Map.of("name", "Maths", "attendeePW", "ap", "moderatorPW", "mp"));
    private static final RoomPresence EMPTY = new RoomPresence(true, "Maths", false, 0, List.of());

    @Test
    void create_date_is_printed_as_javas_date_to_string_in_utc() {
        String date = "<createDate>Mon Dec 07 01:00:46 UTC 2026</createDate>";
        String created = MeetingXml.created(BbbXml.success(), MEETING, EMPTY).done();
        assertTrue(created.contains(date), created);
        String info = MeetingXml.info(BbbXml.success(), MEETING, EMPTY).done();
        assertTrue(info.contains(date), info);
    }
}
