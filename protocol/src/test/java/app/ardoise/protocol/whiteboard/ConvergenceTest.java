package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Convergence of whole classrooms: 2 to 5 clients editing at once through a simulated room with
 * delays, redeliveries and resyncs (see {@link Classroom}), then the room's log replayed in
 * shuffled orders with repeats.
 */
class ConvergenceTest {

    @Property(tries = 300)
    void everyReplicaEndsWithTheRoomsState(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed) {
        Classroom classroom = Classroom.run(clients, steps, seed);
        for (Classroom.Client client : classroom.clients) {
            assertEquals(classroom.room.digest(), client.doc.digest(), client.id);
        }
    }

    @Property(tries = 300)
    void anyOrderOfTheOpsWithRepeatsGivesTheSameState(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed) {
        Classroom classroom = Classroom.run(clients, steps, seed);
        List<WhiteboardOp> ops = ops(classroom.log);
        Random random = new Random(seed);
        for (int permutation = 0; permutation < 10; permutation++) {
            List<WhiteboardOp> shuffled = new ArrayList<>(ops);
            for (int i = 0; i < ops.size() / 4; i++) {
                shuffled.add(ops.get(random.nextInt(ops.size())));
            }
            Collections.shuffle(shuffled, random);
            WhiteboardDoc doc = new WhiteboardDoc();
            shuffled.forEach(doc::apply);
            assertEquals(classroom.room.digest(), doc.digest());
        }
    }

    @Property(tries = 300)
    void aShapeIsShownExactlyWhenItsNewestCreateOrRestoreIsNewerThanEveryDeleteAndClear(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed) {
        Classroom classroom = Classroom.run(clients, steps, seed);
        // Read straight from the ops, ignoring every update: no write can bring a shape back.
        Map<String, Stamp> newestClear = new HashMap<>();
        Map<String, Stamp> newestAlive = new HashMap<>();
        Map<String, Stamp> newestDead = new HashMap<>();
        for (WhiteboardOp op : ops(classroom.log)) {
            Stamp stamp = Stamp.of(op);
            switch (op.getBodyCase()) {
                case CREATE_SHAPE -> newestAlive.merge(key(op.getPage(), op.getCreateShape().getShapeId()), stamp, ConvergenceTest::max);
                case RESTORE_SHAPE -> newestAlive.merge(key(op.getPage(), op.getRestoreShape().getShapeId()), stamp, ConvergenceTest::max);
                case DELETE_SHAPE -> newestDead.merge(key(op.getPage(), op.getDeleteShape().getShapeId()), stamp, ConvergenceTest::max);
                case CLEAR_PAGE -> newestClear.merge(op.getPage(), stamp, ConvergenceTest::max);
                default -> { }
            }
        }
        for (Page page : classroom.room.pages().values()) {
            for (Shape shape : page.shapes().values()) {
                String key = key(page.id, shape.id);
                Stamp alive = newestAlive.get(key);
                Stamp dead = max(newestDead.get(key), newestClear.get(page.id));
                boolean expected = shape.birth() != null && alive != null && (dead == null || alive.compareTo(dead) > 0);
                assertEquals(expected, classroom.room.shape(page.id, shape.id).map(ShapeInfo::live).orElse(false), key);
            }
        }
    }

    @Property(tries = 200)
    void theShownCountEqualsTheShapesShownAfterOpsClearsAndSnapshots(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed) {
        Classroom classroom = Classroom.run(clients, steps, seed);
        List<WhiteboardOp> ops = ops(classroom.log);
        Random random = new Random(seed);
        WhiteboardDoc joiner = lateJoiner(ops, random);
        for (WhiteboardOp op : shuffled(ops, random)) {
            joiner.apply(op);
            assertShownCountsAreRecounts(joiner);
        }
        assertShownCountsAreRecounts(classroom.room);
        classroom.clients.forEach(client -> assertShownCountsAreRecounts(client.doc));
    }

    /** A replica loaded from a snapshot of the first few ops (how many: random). */
    private static WhiteboardDoc lateJoiner(List<WhiteboardOp> ops, Random random) {
        WhiteboardDoc early = new WhiteboardDoc();
        ops.subList(0, random.nextInt(ops.size() + 1)).forEach(early::apply);
        return WhiteboardDoc.fromProto(early.toProto());
    }

    private static List<WhiteboardOp> shuffled(List<WhiteboardOp> ops, Random random) {
        List<WhiteboardOp> shuffled = new ArrayList<>(ops);
        Collections.shuffle(shuffled, random);
        return shuffled;
    }

    private static void assertShownCountsAreRecounts(WhiteboardDoc doc) {
        for (Page page : doc.pages().values()) {
            long recount = page.shapes().values().stream().filter(shape -> shape.visible(page.cleared())).count();
            assertEquals(recount, doc.liveShapeCount(page.id), page.id);
        }
    }

    @Property(tries = 200)
    void aSnapshotRoundTripsAndJoinsWithAnyOps(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed) throws InvalidProtocolBufferException {
        Classroom classroom = Classroom.run(clients, steps, seed);
        WhiteboardDocument snapshot = classroom.room.toProto();
        WhiteboardDoc copy = WhiteboardDoc.fromProto(WhiteboardDocument.parseFrom(snapshot.toByteArray()));
        assertEquals(classroom.room.digest(), copy.digest());
        assertEquals(snapshot, copy.toProto());

        // A late joiner: a snapshot of some ops, then all ops again in any order.
        List<WhiteboardOp> ops = ops(classroom.log);
        Random random = new Random(seed);
        WhiteboardDoc joiner = lateJoiner(ops, random);
        shuffled(ops, random).forEach(joiner::apply);
        assertEquals(classroom.room.digest(), joiner.digest());
    }

    @Property(tries = 200)
    void undoingNThenRedoingNShowsTheSameBoard(
            @ForAll @IntRange(min = 2, max = 5) int clients,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 4095) Integer> steps,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 12) int n) {
        Classroom classroom = Classroom.run(clients, steps, seed);
        for (Classroom.Client client : classroom.clients) {
            String before = client.doc.viewDigest();
            int undone = 0;
            while (undone < n && client.history.undo().isPresent()) {
                undone++;
            }
            for (int i = 0; i < undone; i++) {
                assertEquals(true, client.history.redo().isPresent());
            }
            assertEquals(before, client.doc.viewDigest(), client.id);
        }
    }

    @Property(tries = 300)
    void undoingNOfOnesOwnEditsShowsTheBoardAsItWasNEditsAgo(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> edits,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int n) {
        Random random = new Random(seed);
        Classroom.Client client = new Classroom.Client("solo", random);
        List<String> views = new ArrayList<>();
        for (int ignored : edits) {
            views.add(client.doc.viewDigest());
            client.act(client.edits.next());
        }
        String last = client.doc.viewDigest();
        int undos = Math.min(n, edits.size());
        for (int i = 0; i < undos; i++) {
            client.history.undo().orElseThrow();
        }
        assertEquals(views.get(edits.size() - undos), client.doc.viewDigest());
        for (int i = 0; i < undos; i++) {
            client.history.redo().orElseThrow();
        }
        assertEquals(last, client.doc.viewDigest());
    }

    private static List<WhiteboardOp> ops(List<WhiteboardBatch> log) {
        return log.stream().flatMap(batch -> batch.getOpsList().stream()).toList();
    }

    private static String key(String page, String shape) {
        return page + "\n" + shape;
    }

    private static Stamp max(Stamp a, Stamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
