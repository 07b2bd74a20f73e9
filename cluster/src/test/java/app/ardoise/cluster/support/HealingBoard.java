package app.ardoise.cluster.support;

import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Resume;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A participant watching the board as the browser does (web/app/src/connection.ts and live-batches.ts): it
 * applies others' live batches at once, then their written events, or with written marks (as the browser asks)
 * takes the live batches a mark covers as written; when its link drops it resumes on another node; and when a
 * batch it saw live turns out lost (WHITEBOARD.md, "Live batches") it asks for the board again (Resync) and takes
 * the room's as it is.
 */
public final class HealingBoard implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String roomId;
    private final String token;
    private final String name;
    private final Supplier<URI> nextNode;
    private final boolean writtenMarks;
    /** seq -> the stamps of its ops, as live-batches.ts keeps them. */
    private final TreeMap<Long, String> live = new TreeMap<>();
    private final List<String> seenLive = new ArrayList<>();
    private WhiteboardDoc doc = new WhiteboardDoc();
    private Welcome welcome;
    private long lastSeq;
    private long clientSeq;
    /** The Resync in flight, or -1. */
    private long resyncSeq = -1;
    /** A Resync to send once online. */
    private boolean resyncWanted;
    private boolean ready;
    private int resyncs;
    private WebSocket socket;
    private boolean closed;

    /**
     * @param nextNode the WebSocket address of the room on the node to try next
     * @param writtenMarks whether it asks for written marks (Join.written_marks), as the browser does
     */
    public HealingBoard(String roomId, String token, String name, Supplier<URI> nextNode, boolean writtenMarks) {
        this.roomId = roomId;
        this.token = token;
        this.name = name;
        this.nextNode = nextNode;
        this.writtenMarks = writtenMarks;
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

    public synchronized String digest() {
        return doc.digest();
    }

    public synchronized boolean shows(String pageId, String shapeId) {
        return doc.shape(pageId, shapeId).map(shape -> shape.live()).orElse(false);
    }

    /** The shape ids of the live batches received, in order. */
    public synchronized List<String> seenLive() {
        return List.copyOf(seenLive);
    }

    public synchronized int resyncs() {
        return resyncs;
    }

    /** Online, with no Resync unanswered or due. */
    public synchronized boolean settled() {
        return ready && resyncSeq < 0 && !resyncWanted;
    }

    public synchronized long lastSeq() {
        return lastSeq;
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
        if (welcome == null) {
            send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)
                    .setWrittenMarks(writtenMarks)));
        } else {
            send(ClientFrame.newBuilder().setResume(Resume.newBuilder().setRoom(roomId).setLastSeq(lastSeq)
                    .setParticipantId(welcome.getParticipantId()).setResumeToken(welcome.getResumeToken())
                    .setWrittenMarks(writtenMarks)));
        }
    }

    private long send(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        socket.sendBinary(ByteBuffer.wrap(frame.setClientSeq(seq).build().toByteArray()), true);
        return seq;
    }

    private synchronized void onFrame(ServerFrame frame) {
        // Before the body: the live batches up to the mark were written as seen, and their events will not come.
        if (frame.getWrittenThrough() > 0) {
            live.headMap(frame.getWrittenThrough(), true).clear();
            lastSeq = Math.max(lastSeq, frame.getWrittenThrough());
        }
        switch (frame.getBodyCase()) {
            case WELCOME -> {
                boolean replace = resyncSeq >= 0 && ready;
                welcome = frame.getWelcome();
                lastSeq = welcome.getLastSeq();
                if (replace) {
                    doc = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
                    live.clear();
                    resyncSeq = -1;
                } else {
                    doc.merge(welcome.getRoom().getWhiteboard());
                }
                boolean kept = live.headMap(lastSeq, true).isEmpty() && accepted(welcome.getAcceptedSeq());
                live.headMap(lastSeq, true).clear();
                online();
                if (!kept) {
                    heal();
                }
            }
            case EVENT, EVENTS -> ServerFrames.eventsOf(frame).forEach(this::written);
            case LIVE_BATCH -> {
                RoomEvent event = frame.getLiveBatch();
                if (event.getSeq() > lastSeq && event.hasWhiteboard()) {
                    live.put(event.getSeq(), stamps(event));
                    event.getWhiteboard().getOpsList().forEach(op -> {
                        if (op.hasCreateShape()) {
                            seenLive.add(op.getCreateShape().getShapeId());
                        }
                    });
                    doc.apply(event.getWhiteboard());
                }
            }
            case ACK -> {
                boolean kept = frame.getAck().getAcceptedSeq() == 0 || accepted(frame.getAck().getAcceptedSeq());
                online();
                if (!kept) {
                    heal();
                }
            }
            case ERROR -> {
                if (frame.getError().getClientSeq() == resyncSeq) {
                    resyncSeq = -1;
                }
            }
            default -> { }
        }
    }

    private void written(RoomEvent event) {
        if (event.getSeq() <= lastSeq) {
            return;
        }
        lastSeq = event.getSeq();
        var settled = live.headMap(event.getSeq(), true);
        boolean kept = settled.entrySet().stream()
                .allMatch(e -> e.getKey() == event.getSeq() && e.getValue().equals(stamps(event)));
        settled.clear();
        if (event.hasWhiteboard()) {
            doc.apply(event.getWhiteboard());
        }
        if (!kept) {
            heal();
        }
    }

    /** False when a live batch past what the room accepted was lost. */
    private boolean accepted(long acceptedSeq) {
        var lost = live.tailMap(acceptedSeq, false);
        boolean kept = lost.isEmpty();
        lost.clear();
        return kept;
    }

    private void online() {
        ready = true;
        if (resyncWanted) {
            resyncWanted = false;
            heal();
        }
    }

    private void heal() {
        if (!ready) {
            resyncWanted = true;
        } else if (resyncSeq < 0) {
            resyncs++;
            resyncSeq = send(ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        }
    }

    private static String stamps(RoomEvent event) {
        return event.getWhiteboard().getOpsList().stream().map(op -> Long.toUnsignedString(op.getLamport()) + "@" + op.getClientId())
                .collect(Collectors.joining(","));
    }

    private synchronized void dropped() {
        socket = null;
        ready = false;
        // A Resync lost with the link is asked again once back, as connection.ts does.
        if (resyncSeq >= 0) {
            resyncSeq = -1;
            resyncWanted = true;
        }
        reconnectLater();
    }

    private void reconnectLater() {
        CompletableFuture.runAsync(this::connect, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
    }
}
