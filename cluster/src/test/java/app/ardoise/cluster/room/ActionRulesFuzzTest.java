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
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.ValuePool;
import com.code_intelligence.jazzer.mutation.annotation.WithSize;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
     * The same with frames that Jazzer builds and mutates field by field (bin/fuzz rules-structured): byte
     * mutations of nested Protobuf rarely survive its length prefixes, so they seldom reach e.g. a batch's
     * lamport clocks. Bits 0 and 1 of each frame's client_seq, which the room overwrites anyway, stand for
     * the header of a record. The byte seeds' frames are its starting points.
     */
    @FuzzTest
    void anyFrameStructures(@NotNull @WithSize(max = 16) List<@NotNull @ValuePool("seedFrames") ClientFrame> frames) {
        fold(frames.stream().map(frame -> new FrameRecords((int) (frame.getClientSeq() & 3), frame)).toList());
    }

    static Stream<ClientFrame> seedFrames() throws IOException, URISyntaxException {
        Path seeds = Path.of(ActionRulesFuzzTest.class
                .getResource("ActionRulesFuzzTestInputs/anyFramesFromJoinedParticipants").toURI());
        List<ClientFrame> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(seeds)) {
            for (Path file : files.sorted().toList()) {
                FrameRecords.read(Files.readAllBytes(file)).forEach(record -> frames.add(record.frame()));
            }
        }
        return frames.stream();
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
            Decision decision = ActionRules.decide(state, sender.get(), frame, board);
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
