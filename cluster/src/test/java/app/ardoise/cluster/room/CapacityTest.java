package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.MaxParticipantsChanged;
import app.ardoise.protocol.v1.RoomCreated;
import app.ardoise.protocol.v1.RoomEvent;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapacityTest {
    private final Capacity capacity = RoomSettings.from(ConfigFactory.load()).capacity();

    @Test
    void the_defaults_seat_300_and_allow_a_lecture_of_1000() {
        assertEquals(new Capacity(300, 1000, 300, Duration.ofSeconds(1)), capacity);
    }

    @Test
    void a_class_keeps_its_own_limit_within_the_bound_and_above_lecture_above_it_is_a_lecture() {
        assertEquals(0, capacity.bounded(0));
        assertEquals(0, capacity.bounded(-4));
        assertEquals(1000, capacity.bounded(5000), "BigBlueButton's maxParticipants past the bound");
        RoomState state = new RoomState(10, 10);
        state.apply(RoomEvent.newBuilder().setSeq(1).setCreated(RoomCreated.newBuilder().setTitle("Amphi")).build());
        assertEquals(300, capacity.of(state));
        assertFalse(capacity.lecture(state));
        state.apply(RoomEvent.newBuilder().setSeq(2)
                .setMaxParticipantsChanged(MaxParticipantsChanged.newBuilder().setMaxParticipants(301)).build());
        assertEquals(301, capacity.of(state));
        assertTrue(capacity.lecture(state));
        assertEquals(301, RoomState.fromSnapshot(state.toSnapshot(), 10, 10).maxParticipants(), "kept in snapshots");
    }
}
