package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Any batches and any snapshots, as a client or a stored class may hand them to a replica (bin/fuzz
 * whiteboard). The input is a list of records: one byte whose lowest bit says batch (0) or snapshot (1), two
 * bytes of big-endian length, then that many bytes of Protobuf; bytes that do not parse are skipped.
 */
class WhiteboardFuzzTest {

    @FuzzTest
    void anyDocumentsAndBatches(byte[] input) throws InvalidProtocolBufferException {
        WhiteboardDoc doc = new WhiteboardDoc();
        List<WhiteboardOp> applied = new ArrayList<>();
        List<WhiteboardDocument> merged = new ArrayList<>();
        for (int at = 0; at + 3 <= input.length; ) {
            boolean snapshot = (input[at] & 1) == 1;
            int length = Math.min(((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF), input.length - at - 3);
            byte[] bytes = Arrays.copyOfRange(input, at + 3, at + 3 + length);
            at += 3 + length;
            try {
                if (snapshot) {
                    WhiteboardDocument document = WhiteboardDocument.parseFrom(bytes);
                    doc.merge(document);
                    merged.add(document);
                } else {
                    applyBatch(doc, WhiteboardBatch.parseFrom(bytes), applied);
                }
            } catch (InvalidProtocolBufferException notProtobuf) {
                continue;
            }
            assertInvariants(doc);
        }
        // Merging and applying are joins: the same snapshots and ops in another order give the same replica.
        WhiteboardDoc twin = new WhiteboardDoc();
        for (int i = applied.size() - 1; i >= 0; i--) {
            twin.apply(applied.get(i));
        }
        for (int i = merged.size() - 1; i >= 0; i--) {
            twin.merge(merged.get(i));
        }
        assertEquals(doc.digest(), twin.digest(), "the order of ops and snapshots changed the replica");
    }

    /** A batch with a malformed op is refused whole, and OpCheck says why; an applied one applies once. */
    private static void applyBatch(WhiteboardDoc doc, WhiteboardBatch batch, List<WhiteboardOp> applied) {
        Optional<String> malformed = batch.getOpsList().stream()
                .map(OpCheck::malformed).flatMap(Optional::stream).findFirst();
        String before = doc.digest();
        try {
            doc.apply(batch);
        } catch (IllegalArgumentException refused) {
            assertTrue(malformed.isPresent(), "refused a batch OpCheck finds well-formed: " + refused);
            assertEquals(before, doc.digest(), "a refused batch changed the replica");
            return;
        }
        assertFalse(malformed.isPresent(), "applied a batch with a malformed op: " + malformed);
        applied.addAll(batch.getOpsList());
        String after = doc.digest();
        assertFalse(doc.apply(batch), "the same batch again changed the replica");
        assertEquals(after, doc.digest());
    }

    static void assertInvariants(WhiteboardDoc doc) throws InvalidProtocolBufferException {
        // The kept shown counts, which the per-page limit reads, are what a recount finds.
        for (Page page : doc.pages().values()) {
            long recount = page.shapes().values().stream().filter(shape -> shape.visible(page.cleared())).count();
            assertEquals(recount, doc.liveShapeCount(page.id), page.id);
        }
        // A snapshot, as written to the journal and sent in a Welcome, loads back as the same replica.
        WhiteboardDocument snapshot = doc.toProto();
        WhiteboardDoc loaded = WhiteboardDoc.fromProto(WhiteboardDocument.parseFrom(snapshot.toByteArray()));
        assertEquals(doc.digest(), loaded.digest());
        assertEquals(snapshot, loaded.toProto());
        assertEquals(doc.viewText(), loaded.viewText());
        // Joining a replica with itself changes nothing.
        String digest = doc.digest();
        doc.merge(snapshot);
        assertEquals(digest, doc.digest(), "merging its own snapshot changed the replica");
    }
}
