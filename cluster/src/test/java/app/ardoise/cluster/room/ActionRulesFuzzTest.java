package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ParticipantJoined;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomCreated;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.WhiteboardBatch;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Any frames from a joined teacher and student through the room's pure rules, {@link ActionRules#decide},
 * with what they accept folded into the state as the room would (bin/fuzz rules). Input: {@link FrameRecords};
 * bit 1 of a record's header leaves an accepted chat or batch pending (not yet written), so that later
 * batches are judged with it laid over the board, as under group commit.
 */
class ActionRulesFuzzTest {

    @FuzzTest
    void anyFramesFromJoinedParticipants(byte[] input) {
        fold(FrameRecords.read(input));
    }

    /**
     * Whiteboard batches built field by field from the input (bin/fuzz rules-batches): byte mutations of
     * nested Protobuf seldom survive its length prefixes, so the target above rarely reaches a batch's
     * lamport clocks, shape ids or pages with a frame the rules would accept. See {@link FuzzedBatches}.
     */
    @FuzzTest
    void anyBatchesFieldByField(FuzzedDataProvider data) {
        fold(FuzzedBatches.records(data));
    }

    private static void fold(List<FrameRecords> records) {
        RoomState state = new RoomState(50, 100);
        List<RoomEvent> pending = new ArrayList<>();
        write(state, List.of(
                event(state, 0, "", RoomEvent.newBuilder().setCreated(RoomCreated.newBuilder().setTitle("Physique"))),
                event(state, 1, FrameRecords.TEACHER, joined(FrameRecords.TEACHER, Role.ROLE_TEACHER)),
                event(state, 2, FrameRecords.STUDENT, joined(FrameRecords.STUDENT, Role.ROLE_STUDENT))));

        for (FrameRecords record : records) {
            ClientFrame frame = record.frame();
            var sender = state.member(record.sender());
            if (sender.isEmpty() || frame.hasResync()) {
                continue; // the room answers these before its rules: "not joined", or a Welcome
            }
            List<WhiteboardBatch> board = pending.stream()
                    .filter(RoomEvent::hasWhiteboard).map(RoomEvent::getWhiteboard).toList();
            Decision decision = ActionRules.decide(state, "room-1", sender.get(), frame, board, 1000);
            assertNotNull(decision);
            if (decision instanceof Decision.Reject reject) {
                assertFalse(reject.code().isBlank(), "a refusal has a code");
            } else if (decision instanceof Decision.Accept accept) {
                RoomEvent event = event(state, pending.size(), record.sender(), accept.event());
                pending.add(event);
                boolean groupCommitted = event.hasChat() || event.hasWhiteboard();
                if (!groupCommitted || (record.header() & 2) == 0) {
                    write(state, pending);
                    pending.clear();
                }
            }
        }
        write(state, pending);
    }

    /** Applies written events as the room's event handler does, checking the board after each batch. */
    private static void write(RoomState state, List<RoomEvent> events) {
        for (RoomEvent event : events) {
            long lamportBefore = state.whiteboard().maxLamport();
            state.apply(event);
            if (event.hasWhiteboard()) {
                BoardInvariants.assertAfterAcceptedBatch(state.whiteboard(), lamportBefore, event.getWhiteboard());
            }
        }
        // The snapshot the journal keeps loads back as the same state.
        var snapshot = state.toSnapshot();
        assertEquals(snapshot, RoomState.fromSnapshot(snapshot, 50, 100).toSnapshot());
    }

    /** Stamped as Room.stamp does: the next seq after the written and the pending events. */
    private static RoomEvent event(RoomState state, int pendingCount, String author, RoomEvent.Builder body) {
        return body.setSeq(state.lastSeq() + pendingCount + 1).setTimeMs(1_000L).setAuthor(author).build();
    }

    private static RoomEvent.Builder joined(String id, Role role) {
        return RoomEvent.newBuilder().setJoined(ParticipantJoined.newBuilder()
                .setParticipantId(id).setName(id).setRole(role));
    }
}
