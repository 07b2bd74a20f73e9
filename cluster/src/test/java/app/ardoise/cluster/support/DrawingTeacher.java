package app.ardoise.cluster.support;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Resume;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A teacher drawing rectangles as the browser does (web/app/src/connection.ts): each op waits for its Ack, and
 * when the link drops the teacher resumes on another node and sends every unacknowledged op again, stamped as
 * before, since ops are idempotent (protocol/WHITEBOARD.md). An op counts as acknowledged once its Ack arrives.
 */
public final class DrawingTeacher implements AutoCloseable {
    public static final String PAGE = "room:1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String roomId;
    private final String token;
    private final String name;
    private final Supplier<URI> nextNode;
    /** Shape id -> its batch, until acknowledged; in the order drawn. */
    private final Map<String, WhiteboardBatch> unacknowledged = new LinkedHashMap<>();
    /** Client seq -> shape id of the ops sent on the current link. */
    private final Map<Long, String> inFlight = new HashMap<>();
    /** Shape id -> when it was last sent. */
    private final Map<String, Long> sentAt = new HashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private LocalAuthor author;
    private Welcome welcome;
    private long lastSeq;
    private long clientSeq;
    /** The Join or Resume of the current link, whose answer makes the teacher online. */
    private long greetingSeq = -1;
    private boolean online;
    private WebSocket socket;
    /** The last send on the current link. */
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private boolean closed;

    public DrawingTeacher(String roomId, String token, String name, Supplier<URI> nextNode) {
        this.roomId = roomId;
        this.token = token;
        this.name = name;
        this.nextNode = nextNode;
    }

    public synchronized void connect() {
        if (closed) {
            return;
        }
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(nextNode.get(), new FrameListener(this::onFrame, this::dropped))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        reconnectLater();
                    } else {
                        opened(ws);
                    }
                });
    }

    /** Draws one more rectangle when online, and sends again what an error left unacknowledged. */
    public synchronized void draw() {
        if (!online) {
            return;
        }
        String shapeId = author.newId();
        unacknowledged.put(shapeId, rectangle(shapeId));
        resendPending();
    }

    /** Sends again, when online, what is unacknowledged and not on its way. */
    public synchronized void resend() {
        if (online) {
            resendPending();
        }
    }

    public synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Ops drawn and not acknowledged yet. */
    public synchronized int pending() {
        return unacknowledged.size();
    }

    /** Every shape this teacher drew, acknowledged or not. */
    public synchronized List<String> drawn() {
        List<String> all = new ArrayList<>(acknowledged);
        all.addAll(unacknowledged.keySet());
        return all;
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Where the teacher stands, for a failing test's message. */
    @Override
    public synchronized String toString() {
        long now = System.nanoTime();
        String waiting = inFlight.values().stream().map(id -> String.format("%.1f s", (now - sentAt.get(id)) / 1e9)).toList().toString();
        return name + (online ? " online" : " offline") + ", " + unacknowledged.size() + " unacknowledged, "
                + inFlight.size() + " sent on this link without an answer for " + waiting + ", errors " + errors;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private synchronized void opened(WebSocket ws) {
        socket = ws;
        sending = CompletableFuture.completedFuture(ws);
        if (welcome == null) {
            greetingSeq = send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)));
        } else {
            greetingSeq = send(ClientFrame.newBuilder().setResume(Resume.newBuilder().setRoom(roomId).setLastSeq(lastSeq)
                    .setParticipantId(welcome.getParticipantId()).setResumeToken(welcome.getResumeToken())));
        }
    }

    /** Sends after the previous send completes: the JDK's WebSocket fails a send while another is outstanding. */
    private long send(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        WebSocket link = socket;
        ByteBuffer bytes = ByteBuffer.wrap(frame.setClientSeq(seq).build().toByteArray());
        sending = sending.exceptionally(failed -> null).thenCompose(sent -> link.sendBinary(bytes, true));
        return seq;
    }

    private void resendPending() {
        for (Map.Entry<String, WhiteboardBatch> op : unacknowledged.entrySet()) {
            if (!inFlight.containsValue(op.getKey())) {
                inFlight.put(send(ClientFrame.newBuilder().setWhiteboard(op.getValue())), op.getKey());
                sentAt.put(op.getKey(), System.nanoTime());
            }
        }
    }

    private WhiteboardBatch rectangle(String shapeId) {
        int at = ThreadLocalRandom.current().nextInt(1000);
        return WhiteboardBatch.newBuilder().addOps(author.stamp(WhiteboardOp.newBuilder().setPage(PAGE)
                .setCreateShape(CreateShape.newBuilder().setShapeId(shapeId).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                        .setProps(ShapeProps.newBuilder().setX(at).setY(at).setWidth(40).setHeight(30)
                                .setStrokeColor("#1e1e1e").setStrokeWidth(2).setOpacity(100).setZIndex("a0")))
                .build())).build();
    }

    private synchronized void onFrame(ServerFrame frame) {
        switch (frame.getBodyCase()) {
            case WELCOME -> {
                welcome = frame.getWelcome();
                lastSeq = Math.max(lastSeq, welcome.getLastSeq());
                if (author == null) {
                    author = new LocalAuthor(welcome.getParticipantId(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
                }
                wentOnline();
            }
            case EVENT, EVENTS -> ServerFrames.eventsOf(frame).forEach(event -> lastSeq = Math.max(lastSeq, event.getSeq()));
            case ACK -> {
                long seq = frame.getAck().getClientSeq();
                if (seq == greetingSeq) {
                    wentOnline();
                }
                String shapeId = inFlight.remove(seq);
                if (shapeId != null && unacknowledged.remove(shapeId) != null) {
                    sentAt.remove(shapeId);
                    acknowledged.add(shapeId);
                }
            }
            case ERROR -> {
                // "unavailable": the class was moving and the op not written; it goes again with the next one.
                if (!frame.getError().getCode().equals(ErrorCode.UNAVAILABLE)) {
                    errors.add(frame.getError().getCode() + ": " + frame.getError().getMessage());
                }
                inFlight.remove(frame.getError().getClientSeq());
                if (frame.getError().getClientSeq() == greetingSeq) {
                    socket.abort();
                }
            }
            default -> { }
        }
    }

    private void wentOnline() {
        online = true;
        resendPending();
    }

    private synchronized void dropped() {
        socket = null;
        online = false;
        inFlight.clear();
        reconnectLater();
    }

    private void reconnectLater() {
        CompletableFuture.delayedExecutor(200 + ThreadLocalRandom.current().nextLong(300), TimeUnit.MILLISECONDS)
                .execute(this::connect);
    }
}
