package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClearPage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.RemovePage;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.RestoreShape;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames for the room's fuzz tests made from a FuzzedDataProvider: mostly whiteboard batches whose every
 * field the input picks, among values that can pass the rules (the sender's ids, live pages) and values that
 * cannot, with clocks anywhere in the uint64 range. Every input is a well-formed frame, so the fuzzer spends
 * its time in the rules rather than in Protobuf's parser.
 */
final class FuzzedBatches {
    private static final int MAX_FRAMES = 12;
    private static final int MAX_OPS = 4;

    private FuzzedBatches() {}

    static List<FrameRecords> records(FuzzedDataProvider data) {
        List<FrameRecords> records = new ArrayList<>();
        while (records.size() < MAX_FRAMES && data.remainingBytes() > 0) {
            int header = data.consumeInt(0, 3); // sender and "left pending", as FrameRecords reads them
            String sender = (header & 1) == 0 ? FrameRecords.TEACHER : FrameRecords.STUDENT;
            ClientFrame.Builder frame = ClientFrame.newBuilder();
            if (data.consumeInt(0, 7) == 0) {
                frame.setSetLocks(SetLocks.newBuilder().setLocks(Locks.newBuilder()
                        .setStudentsMayDraw(data.consumeBoolean())));
            } else {
                WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
                int ops = data.consumeInt(1, MAX_OPS);
                for (int i = 0; i < ops; i++) {
                    batch.addOps(op(data, sender));
                }
                frame.setWhiteboard(batch);
            }
            records.add(new FrameRecords(header, frame.build()));
        }
        return records;
    }

    private static WhiteboardOp op(FuzzedDataProvider data, String sender) {
        String other = sender.equals(FrameRecords.TEACHER) ? FrameRecords.STUDENT : FrameRecords.TEACHER;
        String author = data.consumeInt(0, 7) == 0 ? other : sender;
        long lamport = data.consumeBoolean() ? data.consumeLong(1, 64) : data.consumeLong();
        String page = data.pickValue(new String[] {FirstPage.PAGE_ID, sender + ":p2", other + ":p2", "p?"});
        String shape = data.pickValue(new String[] {sender, other}) + ":" + data.consumeInt(1, 3);
        WhiteboardOp.Builder op = WhiteboardOp.newBuilder()
                .setId(author + ":" + lamport).setLamport(lamport).setClientId(author).setPage(page);
        switch (data.consumeInt(0, 7)) {
            case 0 -> op.setCreateShape(CreateShape.newBuilder().setShapeId(shape)
                    .setKindValue(data.consumeInt(0, 8)).setProps(props(data))
                    .addAllPoints(points(data)));
            case 1 -> op.setUpdateProps(UpdateProps.newBuilder().setShapeId(shape).setProps(props(data)));
            case 2 -> op.setDeleteShape(DeleteShape.newBuilder().setShapeId(shape));
            case 3 -> op.setRestoreShape(RestoreShape.newBuilder().setShapeId(shape));
            case 4 -> op.setReorder(Reorder.newBuilder().setShapeId(shape).setZIndex(data.consumeString(6)));
            case 5 -> op.setClearPage(ClearPage.getDefaultInstance());
            case 6 -> op.setAddPage(AddPage.newBuilder().setTitle(data.consumeString(8)).setOrder(data.consumeString(6)));
            default -> op.setRemovePage(RemovePage.getDefaultInstance());
        }
        return op.build();
    }

    private static ShapeProps props(FuzzedDataProvider data) {
        ShapeProps.Builder props = ShapeProps.newBuilder();
        if (data.consumeBoolean()) {
            props.setX(data.consumeInt()).setY(data.consumeInt());
        }
        if (data.consumeBoolean()) {
            props.setText(data.consumeString(16));
        }
        if (data.consumeBoolean()) {
            props.setZIndex(data.consumeString(6));
        }
        return props.build();
    }

    private static List<Integer> points(FuzzedDataProvider data) {
        List<Integer> points = new ArrayList<>();
        int count = data.consumeInt(0, 6);
        for (int i = 0; i < count; i++) {
            points.add(data.consumeInt(-1_000, 1_000));
        }
        return points;
    }
}
