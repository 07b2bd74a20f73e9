package app.ardoise.bench;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.RestoreShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The Java merge rules in one process, no server: op throughput (in order, and shuffled with every op
 * twice, as replicas meet them), and the cost of a board of 10,000 strokes as a snapshot: encode,
 * size, decode. Each figure is the median of 5 runs after 2 unmeasured ones.
 */
public final class MergeBench {
    private static final String PAGE = "bench:page";
    private static final int RUNS = 5;
    private static final int WARMUPS = 2;

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int opCount = options.integer("ops", 200_000);
        int boardShapes = options.integer("shapes", 10_000);
        List<WhiteboardOp> ops = randomOps(opCount, 5, new Random(42));
        List<WhiteboardOp> twiceShuffled = new ArrayList<>(ops.subList(1, ops.size()));
        twiceShuffled.addAll(twiceShuffled);
        Collections.shuffle(twiceShuffled, new Random(7));
        twiceShuffled.add(0, ops.get(0));

        System.out.printf(Locale.ROOT, "apply in order: %.0f ops/s (%d ops from 5 clients)%n",
                opCount / median(() -> timeApply(ops)) * 1e9, opCount);
        System.out.printf(Locale.ROOT, "apply shuffled, each op twice: %.0f ops/s%n",
                twiceShuffled.size() / median(() -> timeApply(twiceShuffled)) * 1e9);

        WhiteboardDoc board = new WhiteboardDoc();
        strokes(boardShapes).forEach(board::apply);
        WhiteboardDocument encoded = board.toProto();
        byte[] bytes = encoded.toByteArray();
        System.out.printf(Locale.ROOT, "board of %d strokes: %d bytes as a snapshot%n", boardShapes, bytes.length);
        System.out.printf(Locale.ROOT, "  encode (toProto + toByteArray): %.1f ms%n",
                median(() -> time(() -> board.toProto().toByteArray())) / 1e6);
        System.out.printf(Locale.ROOT, "  decode (parseFrom + fromProto): %.1f ms%n",
                median(() -> time(() -> WhiteboardDoc.fromProto(WhiteboardDocument.parseFrom(bytes)))) / 1e6);
        System.out.printf(Locale.ROOT, "  digest: %.1f ms%n", median(() -> time(board::digest)) / 1e6);
    }

    private static long timeApply(List<WhiteboardOp> ops) {
        WhiteboardDoc doc = new WhiteboardDoc();
        return time(() -> ops.forEach(doc::apply));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long time(Work work) {
        long started = System.nanoTime();
        try {
            work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - started;
    }

    private static double median(LongSupplier nanos) {
        for (int i = 0; i < WARMUPS; i++) {
            nanos.getAsLong();
        }
        long[] runs = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            runs[i] = nanos.getAsLong();
        }
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    /** A page, then creates, moves, restyles, reorders, deletes and restores from several clients. */
    static List<WhiteboardOp> randomOps(int count, int clients, Random random) {
        List<WhiteboardOp> ops = new ArrayList<>(count);
        List<String> shapes = new ArrayList<>();
        ops.add(op("c0", 1).setAddPage(AddPage.newBuilder().setTitle("1").setOrder("a0")).build());
        for (long lamport = 2; ops.size() < count; lamport++) {
            String client = "c" + random.nextInt(clients);
            double dice = random.nextDouble();
            WhiteboardOp.Builder op = op(client, lamport);
            if (shapes.size() < 10 || dice < 0.3) {
                String id = client + ":" + lamport;
                shapes.add(id);
                op.setCreateShape(CreateShape.newBuilder().setShapeId(id).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                        .setProps(ShapeProps.newBuilder().setX(random.nextInt(10_000)).setY(random.nextInt(8_000))
                                .setWidth(400).setHeight(300).setStrokeColor("#1e1e1e").setZIndex("a0")));
            } else {
                String id = shapes.get(random.nextInt(shapes.size()));
                if (dice < 0.75) {
                    op.setUpdateProps(UpdateProps.newBuilder().setShapeId(id).setProps(ShapeProps.newBuilder()
                            .setX(random.nextInt(10_000)).setY(random.nextInt(8_000))));
                } else if (dice < 0.85) {
                    op.setReorder(Reorder.newBuilder().setShapeId(id).setZIndex("a" + random.nextInt(10)));
                } else if (dice < 0.95) {
                    op.setDeleteShape(DeleteShape.newBuilder().setShapeId(id));
                } else {
                    op.setRestoreShape(RestoreShape.newBuilder().setShapeId(id));
                }
            }
            ops.add(op.build());
        }
        return ops;
    }

    static List<WhiteboardOp> strokes(int count) {
        List<WhiteboardOp> ops = new ArrayList<>(count + 1);
        ops.add(op("t", 1).setAddPage(AddPage.newBuilder().setTitle("1").setOrder("a0")).build());
        for (int n = 0; n < count; n++) {
            CreateShape.Builder stroke = CreateShape.newBuilder().setShapeId("t:" + (n + 2))
                    .setKind(ShapeKind.SHAPE_KIND_PEN)
                    .setProps(ShapeProps.newBuilder().setX((n % 100) * 200).setY((n / 100) * 150)
                            .setStrokeColor("#1e1e1e").setStrokeWidth(30).setOpacity(100).setZIndex("a0"));
            for (int i = 0; i < 40; i++) {
                stroke.addPoints(i == 0 ? 0 : 9).addPoints(i % 3 == 0 ? 7 : -3);
            }
            ops.add(op("t", n + 2).setCreateShape(stroke).build());
        }
        return ops;
    }

    private static WhiteboardOp.Builder op(String client, long lamport) {
        return WhiteboardOp.newBuilder().setId(client + ":" + lamport).setLamport(lamport).setClientId(client).setPage(PAGE);
    }
}
