package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.ShapeState;
import app.ardoise.protocol.v1.Stamp;
import app.ardoise.protocol.v1.StampedProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.v1.Role;
import com.google.protobuf.CodedOutputStream;
import app.ardoise.protocol.whiteboard.FractionalIndex;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A closed group's board as new pages at the end of its class's board: one page per page of the group that
 * holds anything, its shown shapes created again with fresh ids and the props they show. The ops are the class's
 * own (client "room", like its first page), judged by the whiteboard rules as any teacher's would be, so every
 * replica of the class merges them like any other batch.
 */
final class BreakoutBoards {
    /** The author of imported pages: the class itself, a teacher for the whiteboard rules. */
    static final Member ROOM = Member.joined(FirstPage.CLIENT_ID, "", Role.ROLE_TEACHER);

    private static final Comparator<Stamp> STAMPS = Comparator.<Stamp, Long>comparing(Stamp::getLamport, Long::compareUnsigned)
            .thenComparing(Stamp::getClientId);

    /**
     * The most an imported board takes in its write. One journal write reaches Cassandra as one CQL message of at
     * most 16 MiB, and a group's board is bounded only per page: a student filled one past that in 14 s within the
     * pace limits, and the class then failed its write, stopped, and failed again at each restart as it asked the
     * group again. A board over this size comes back in part, its first shapes in page order up to it.
     */
    static final int MAX_BYTES = 4 << 20;

    private BreakoutBoards() {}

    /**
     * @param classBoard the class's board, pending batches included
     * @param maxBytes the most the batch may take, encoded
     * @return empty when the group drew nothing
     */
    static Optional<WhiteboardBatch> pages(String groupId, String groupName, WhiteboardDocument group,
                                           WhiteboardDocument classBoard, long maxLamport, int maxBytes) {
        // An order may be "" (a page without one), which sorts first and is no key to place a page after.
        String lastOrder = classBoard.getPagesList().stream().filter(p -> p.getLife().getAlive())
                .map(p -> p.getOrder().getValue()).filter(FractionalIndex::isKey)
                .max(Comparator.naturalOrder()).orElse(null);
        List<PageState> pages = group.getPagesList().stream()
                .filter(p -> p.getLife().getAlive() && p.getShapesList().stream().anyMatch(s -> shown(p, s)))
                .sorted(Comparator.comparing((PageState p) -> p.getOrder().getValue()).thenComparing(PageState::getPageId))
                .toList();
        if (pages.isEmpty()) {
            return Optional.empty();
        }
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        long lamport = maxLamport;
        long bytes = 0;
        int shapes = 0;
        pages:
        for (int i = 0; i < pages.size(); i++) {
            PageState page = pages.get(i);
            String pageId = FirstPage.CLIENT_ID + ":" + groupId + "-p" + (i + 1);
            lastOrder = FractionalIndex.between(lastOrder, null);
            String title = pages.size() == 1 ? groupName : groupName + " " + (i + 1);
            // The page goes in with its first shape that fits, so that a board cut short leaves no empty page.
            WhiteboardOp added = op(lamport + 1, pageId)
                    .setAddPage(AddPage.newBuilder().setTitle(title).setOrder(lastOrder)).build();
            boolean pageIn = false;
            for (ShapeState shape : page.getShapesList()) {
                if (!shown(page, shape)) {
                    continue;
                }
                long shapeLamport = lamport + (pageIn ? 1 : 2);
                WhiteboardOp create = op(shapeLamport, pageId).setCreateShape(CreateShape.newBuilder()
                        .setShapeId(FirstPage.CLIENT_ID + ":" + groupId + "-s" + (shapes + 1))
                        .setKind(shape.getBirth().getKind())
                        .addAllPoints(shape.getBirth().getPointsList())
                        .setProps(props(shape))).build();
                long cost = encoded(create) + (pageIn ? 0 : encoded(added));
                if (bytes + cost > maxBytes) {
                    break pages;
                }
                if (!pageIn) {
                    batch.addOps(added);
                    pageIn = true;
                }
                batch.addOps(create);
                bytes += cost;
                lamport = shapeLamport;
                shapes++;
            }
        }
        return batch.getOpsCount() == 0 ? Optional.empty() : Optional.of(batch.build());
    }

    /** What an op takes in its batch: its tag, its length and itself. */
    private static long encoded(WhiteboardOp op) {
        int size = op.getSerializedSize();
        return 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    private static WhiteboardOp.Builder op(long lamport, String pageId) {
        return WhiteboardOp.newBuilder().setId(FirstPage.CLIENT_ID + ":" + lamport).setLamport(lamport)
                .setClientId(FirstPage.CLIENT_ID).setPage(pageId);
    }

    /** The values the group shows: each prop as its newest write left it. */
    private static ShapeProps props(ShapeState shape) {
        ShapeProps.Builder props = ShapeProps.newBuilder();
        shape.getPropsList().stream().sorted(Comparator.comparing(StampedProps::getStamp, STAMPS))
                .forEach(stamped -> props.mergeFrom(stamped.getProps()));
        return props.build();
    }

    /** As WhiteboardDoc shows a shape: created, alive, and alive since the page's last clear. */
    private static boolean shown(PageState page, ShapeState shape) {
        return shape.hasBirth() && shape.getLife().getAlive()
                && (!page.hasCleared() || STAMPS.compare(shape.getLife().getStamp(), page.getCleared()) > 0);
    }
}
