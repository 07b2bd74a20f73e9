package app.ardoise.bench;

import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * R classes of S participants, the first {@code --teachers} of each (1 by default) teachers each drawing at
 * a set rate (one op per batch: a pen stroke, then a move of it, alternately), the others watching. Every delivery of every op, the teacher's own echo
 * included, is timed from its send, when it first reaches each client: the others' live batch (protocol/WHITEBOARD.md,
 * "Live batches"), or its written event from a server that sends none; the author's echo is always the written
 * event, so it waits for the journal.
 */
public final class WhiteboardLoad {
    private static final int POINTS_PER_STROKE = 24;

    private Measurement measurement;
    /** Send time of each op by op id; op ids are unique per class and carry the author's participant id. */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        new WhiteboardLoad().run(Options.parse(args));
    }

    private void run(Options options) throws Exception {
        int rooms = options.integer("rooms", 1);
        int perRoom = options.integer("clients", 31);
        double rate = options.number("rate", 60);
        int teachers = options.integer("teachers", 1);
        int warmup = options.integer("warmup", 20);
        measurement = new Measurement(options);
        Fleet fleet = measurement.join(options, rooms, perRoom, teachers, Reader::new);

        List<Runnable> drawers = new ArrayList<>();
        for (int r = 0; r < fleet.rooms.size(); r++) {
            Fleet.Room room = fleet.rooms.get(r);
            for (int t = 0; t < teachers; t++) {
                Welcome welcome = room.welcomes().get(t);
                if (welcome != null) {
                    drawers.add(new Drawer(room.teacher(t), welcome, r)::next);
                }
            }
        }
        measurement.offered(drawers.size() * rate * perRoom);
        ScheduledExecutorService senders = Ramp.start(drawers, rate, warmup);
        System.exit(measurement.run(fleet, senders,
                String.format(Locale.ROOT, "rooms=%d clients/room=%d (%d teacher(s) drawing) ops/s=%.1f",
                        rooms, perRoom, teachers, rate),
                warmup, options.integer("duration", 60)));
    }

    /**
     * One client's frames: each op counted once, where it first arrives, the live batch before its written event.
     * A written mark settles the live batches up to its seq, whose written events then never come.
     */
    private final class Reader implements Consumer<ServerFrame> {
        private final NavigableSet<Long> seenLive = new TreeSet<>();
        private String me = "";

        @Override
        public void accept(ServerFrame frame) {
            if (frame.getWrittenThrough() > 0) {
                seenLive.headSet(frame.getWrittenThrough(), true).clear();
            }
            switch (frame.getBodyCase()) {
                case WELCOME -> me = frame.getWelcome().getParticipantId();
                case ERROR -> measurement.error(frame.getError().getCode());
                case LIVE_BATCH -> {
                    seenLive.add(frame.getLiveBatch().getSeq());
                    frame.getLiveBatch().getWhiteboard().getOpsList().forEach(op -> count(op, false));
                }
                case EVENT, EVENTS -> ServerFrames.eventsOf(frame).forEach(event -> {
                    if (!seenLive.remove(event.getSeq())) {
                        event.getWhiteboard().getOpsList().forEach(op -> count(op, op.getClientId().equals(me)));
                    }
                });
                default -> { }
            }
        }

        private void count(WhiteboardOp op, boolean echo) {
            Long at = sent.get(op.getId());
            if (at != null) {
                measurement.delivered(at, echo);
            }
        }
    }

    /** One teacher's pen: strokes across the page, each followed by a move of it. */
    private final class Drawer {
        private final BenchClient client;
        private final LocalAuthor author;
        private final String page;
        private final int row;
        private final List<String> drawn = new ArrayList<>();
        private int step;

        Drawer(BenchClient client, Welcome welcome, int row) {
            WhiteboardDoc doc = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
            this.client = client;
            this.author = new LocalAuthor(welcome.getParticipantId(), doc);
            this.page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
            this.row = row;
        }

        void next() {
            WhiteboardOp op = author.stamp(step++ % 2 == 0 ? stroke() : move());
            sent.put(op.getId(), System.nanoTime());
            client.whiteboard(WhiteboardBatch.newBuilder().addOps(op).build());
        }

        private WhiteboardOp stroke() {
            String id = author.newId();
            drawn.add(id);
            CreateShape.Builder create = CreateShape.newBuilder().setShapeId(id).setKind(ShapeKind.SHAPE_KIND_PEN)
                    .setProps(ShapeProps.newBuilder().setX((step * 37) % 10_000).setY(row * 100)
                            .setStrokeColor("#1e1e1e").setStrokeWidth(30).setOpacity(100).setZIndex("a0"));
            for (int i = 0; i < POINTS_PER_STROKE; i++) {
                create.addPoints(i == 0 ? 0 : 12).addPoints(i % 2 == 0 ? 5 : -5);
            }
            return WhiteboardOp.newBuilder().setPage(page).setCreateShape(create).build();
        }

        private WhiteboardOp move() {
            String id = drawn.get(drawn.size() - 1);
            return WhiteboardOp.newBuilder().setPage(page).setUpdateProps(UpdateProps.newBuilder()
                    .setShapeId(id).setProps(ShapeProps.newBuilder().setY(row * 100 + 40))).build();
        }
    }
}
