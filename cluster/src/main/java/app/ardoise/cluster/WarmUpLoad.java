package app.ardoise.cluster;

import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A class's Monday morning, played against a node over loopback: classes created through the REST API,
 * then waves of WebSockets that join them (one in ten with the teacher link), chat and leave.
 */
final class WarmUpLoad {
    private static final int WAVE = 100;
    private static final int CHATS = 5;
    /** Several classes: a class persists its joins one after the other, and one class is as slow as its journal. */
    private static final int CLASSES = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final URI http;
    private final String apiKey;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    WarmUpLoad(int port, String apiKey) {
        this.http = URI.create("http://127.0.0.1:" + port);
        this.apiKey = apiKey;
    }

    /** Runs waves until {@code connections} have joined, chatted and left, or the deadline; returns how many did. */
    int run(int connections, long deadlineNanos) throws Exception {
        List<CreateRoomResponse> rooms = new ArrayList<>();
        for (int i = 0; i < CLASSES; i++) {
            rooms.add(createClass());
        }
        int joined = 0;
        while (joined < connections && System.nanoTime() < deadlineNanos) {
            int wave = Math.min(WAVE, connections - joined);
            runWave(rooms, wave, deadlineNanos);
            joined += wave;
        }
        return joined;
    }

    CreateRoomResponse createClass() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(http.resolve("/api/v1/rooms"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"warm-up\"}"))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/v1/rooms answered " + response.statusCode());
        }
        CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(response.body(), room);
        return room.build();
    }

    private void runWave(List<CreateRoomResponse> rooms, int size, long deadlineNanos) throws Exception {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            CreateRoomResponse room = rooms.get(i % rooms.size());
            String token = i % 10 == 0 ? room.getTeacher().getToken() : room.getStudent().getToken();
            clients.add(visit(room, token));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new))
                .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** One participant of {@code room} with {@code token} joins, chats and leaves; completes when it has left. */
    CompletableFuture<Void> visit(CreateRoomResponse room, String token) {
        return new Participant().run(client, webSocket(room, token), token);
    }

    HttpClient client() {
        return client;
    }

    URI webSocket(CreateRoomResponse room, String token) {
        return URI.create("ws://127.0.0.1:" + http.getPort() + "/ws/rooms/" + room.getRoomId() + "?token=" + token);
    }

    /** Joins, sends a few chat messages, waits for their acks, and leaves. */
    private static final class Participant implements WebSocket.Listener {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ServerMessageReader reader = new ServerMessageReader();
        private WebSocket socket;
        private long clientSeq;
        private int acks;

        CompletableFuture<Void> run(HttpClient client, URI uri, String token) {
            client.newWebSocketBuilder().connectTimeout(REQUEST_TIMEOUT).buildAsync(uri, this).thenAccept(ws -> {
                socket = ws;
                send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName("warm-up")));
            }).exceptionally(failure -> {
                done.completeExceptionally(failure);
                return null;
            });
            return done;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                reader.read(data, last).forEach(this::onFrame);
            } catch (InvalidProtocolBufferException e) {
                done.completeExceptionally(e);
            }
            webSocket.request(1);
            return null;
        }

        private synchronized void onFrame(ServerFrame frame) {
            if (frame.hasWelcome()) {
                for (int i = 0; i < CHATS; i++) {
                    send(ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("warm-up " + i)));
                }
            } else if (frame.hasAck() && ++acks == CHATS) {
                send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
            } else if (frame.hasError()) {
                done.completeExceptionally(new IllegalStateException("error " + frame.getError().getCode()));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            done.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            done.completeExceptionally(error);
        }

        private synchronized void send(ClientFrame.Builder frame) {
            socket.sendBinary(ByteBuffer.wrap(frame.setClientSeq(++clientSeq).build().toByteArray()), true);
        }
    }
}
