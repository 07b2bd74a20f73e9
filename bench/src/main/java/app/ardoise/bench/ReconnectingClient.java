package app.ardoise.bench;

import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Resume;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A participant that behaves like the browser client on a cluster: when its connection drops it
 * connects again to another node, after a backoff with jitter, and resumes from the last event it
 * applied. It keeps the events it received by seq, and the chat the room acknowledged to it. A node
 * that is being drained says so (close 4012): its classes already run elsewhere, so the client comes
 * back at once, with only a little jitter.
 * Unacknowledged chat is not sent again (it may or may not have been written).
 */
public final class ReconnectingClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String roomId;
    private final String token;
    private final String name;
    /** The WebSocket address on the node to try next; a cluster client goes round the live nodes. */
    private final Function<String, URI> nextNode;
    private final TreeMap<Long, RoomEvent> events = new TreeMap<>();
    private final Map<Long, String> unacknowledged = new HashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private Welcome welcome;
    private long lastSeq;
    private long clientSeq;
    /** Chat messages posted, for their client_message_id: as the browser does, so that its session may send one again. */
    private long chats;
    private WebSocket socket;
    private int reconnects;
    private boolean closed;

    private long lastAckNanos;
    private long longestAckGapNanos;
    /** When the longest gap ended, by the wall clock: to find it in the nodes' logs. */
    private long longestAckGapEndedMillis;

    public ReconnectingClient(String roomId, String token, String name, Function<String, URI> nextNode) {
        this.roomId = roomId;
        this.token = token;
        this.name = name;
        this.nextNode = nextNode;
    }

    public synchronized void connect() {
        if (closed) {
            return;
        }
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(nextNode.apply(roomId), new Listener())
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        reconnectLater();
                    } else {
                        opened(ws);
                    }
                });
    }

    private synchronized void opened(WebSocket ws) {
        socket = ws;
        if (welcome == null) {
            send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName(name)));
        } else {
            send(ClientFrame.newBuilder().setResume(Resume.newBuilder().setRoom(roomId).setLastSeq(lastSeq)
                    .setParticipantId(welcome.getParticipantId()).setResumeToken(welcome.getResumeToken())));
        }
    }

    public String roomId() {
        return roomId;
    }

    /** Posts a chat message now if connected; it counts once the room acknowledges it. */
    public synchronized void chat(String text) {
        if (socket != null && welcome != null) {
            Chat.Builder chat = Chat.newBuilder().setText(text).setClientMessageId(name + "-" + ++chats);
            unacknowledged.put(send(ClientFrame.newBuilder().setChat(chat)), text);
        }
    }

    public synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Chat texts in the order of their seqs, as this client received them. */
    public synchronized List<String> chatSeen() {
        return events.values().stream().filter(RoomEvent::hasChat).map(e -> e.getChat().getText()).toList();
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The longest time between two acknowledgements of this client's chat: what a move cost it. */
    public synchronized long longestAckGapNanos() {
        return longestAckGapNanos;
    }

    /** The wall clock (epoch ms) when the longest gap ended; 0 before two acknowledgements. */
    public synchronized long longestAckGapEndedMillis() {
        return longestAckGapEndedMillis;
    }

    /** Forgets the gaps so far, to measure one event (a drain, a kill) on its own. */
    public synchronized void resetAckGap() {
        longestAckGapNanos = 0;
        longestAckGapEndedMillis = 0;
        lastAckNanos = 0;
    }

    public synchronized int reconnects() {
        return reconnects;
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    public synchronized void close() {
        closed = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private long send(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        socket.sendBinary(ByteBuffer.wrap(frame.setClientSeq(seq).build().toByteArray()), true);
        return seq;
    }

    private synchronized void onFrame(ServerFrame frame) {
        switch (frame.getBodyCase()) {
            case WELCOME -> {
                welcome = frame.getWelcome();
                lastSeq = Math.max(lastSeq, welcome.getLastSeq());
                welcome.getRoom().getChatList().forEach(chat -> events.putIfAbsent(chat.getSeq(), RoomEvent.newBuilder()
                        .setSeq(chat.getSeq()).setAuthor(chat.getFrom())
                        .setChat(app.ardoise.protocol.v1.ChatPosted.newBuilder().setText(chat.getText())).build()));
            }
            case EVENT -> {
                RoomEvent event = frame.getEvent();
                if (events.putIfAbsent(event.getSeq(), event) != null && event.hasChat()) {
                    errors.add("event " + event.getSeq() + " received twice");
                }
                lastSeq = Math.max(lastSeq, event.getSeq());
            }
            case ACK -> {
                String text = unacknowledged.remove(frame.getAck().getClientSeq());
                if (text != null) {
                    acknowledged.add(text);
                    long now = System.nanoTime();
                    if (lastAckNanos != 0 && now - lastAckNanos > longestAckGapNanos) {
                        longestAckGapNanos = now - lastAckNanos;
                        longestAckGapEndedMillis = System.currentTimeMillis();
                    }
                    lastAckNanos = now;
                }
            }
            case ERROR -> {
                // "unavailable" is the one error a move may cause: that message was not written.
                if (!frame.getError().getCode().equals(ErrorCode.UNAVAILABLE)) {
                    errors.add(frame.getError().getCode() + ": " + frame.getError().getMessage());
                }
                unacknowledged.remove(frame.getError().getClientSeq());
            }
            default -> { }
        }
    }

    private synchronized void dropped(boolean drained) {
        socket = null;
        unacknowledged.clear();
        if (drained) {
            reconnectAfter(ThreadLocalRandom.current().nextLong(100));
        } else {
            reconnectLater();
        }
    }

    /** A failure, not a planned move: back off, so that a node's clients do not all return at once. */
    private void reconnectLater() {
        reconnectAfter(200 + ThreadLocalRandom.current().nextLong(300));
    }

    private synchronized void reconnectAfter(long delayMillis) {
        if (closed) {
            return;
        }
        reconnects++;
        java.util.concurrent.CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(this::connect);
    }

    private final class Listener implements WebSocket.Listener {
        private final ServerMessageReader reader = new ServerMessageReader();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            try {
                reader.read(data, last).forEach(ReconnectingClient.this::onFrame);
            } catch (InvalidProtocolBufferException e) {
                synchronized (ReconnectingClient.this) {
                    errors.add("not a ServerFrame: " + e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            dropped(statusCode == CloseCode.RECONNECT);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            dropped(false);
        }
    }
}
