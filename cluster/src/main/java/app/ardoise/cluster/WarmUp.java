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
import com.typesafe.config.Config;
import java.net.InetSocketAddress;
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
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A node that has just started is slow for its first seconds, while its code is still being loaded and
 * compiled: a storm of joins on such a node queued for seconds (bench/join-storm: p99 5.9 s on a node
 * just started, 0.5 s on a warm one). So before it says it is ready, a node runs its own hot paths over
 * loopback: it creates a class through the REST API, and waves of WebSockets join it, chat and leave.
 * A warm-up that fails or overruns only ends early: the node becomes ready all the same.
 */
final class WarmUp {
    private static final int WAVE = 100;
    private static final int CHATS = 5;
    private static final int CLASSES = 4;

    record Settings(int connections, Duration timeout) {
        static Settings from(Config config) {
            return new Settings(config.getInt("ardoise.warm-up.connections"),
                    config.getDuration("ardoise.warm-up.timeout"));
        }
    }

    private final ActorSystem<?> system;
    private final URI http;
    private final String apiKey;
    private final Settings settings;
    private final HttpClient client = HttpClient.newHttpClient();

    private WarmUp(ActorSystem<?> system, InetSocketAddress address, String apiKey, Settings settings) {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        this.system = system;
        this.http = URI.create("http://" + host + ":" + address.getPort());
        this.apiKey = apiKey;
        this.settings = settings;
    }

    /** Completes when the warm-up is over, however it ended; at once when it is off (no connections). */
    static CompletableFuture<Void> run(ActorSystem<?> system, InetSocketAddress address, String apiKey,
                                       Settings settings) {
        if (settings.connections() <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        WarmUp warmUp = new WarmUp(system, address, apiKey, settings);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                warmUp.runLogged();
            } finally {
                done.complete(null);
            }
        }, "ardoise-warm-up");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private void runLogged() {
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        try {
            // Several classes: a class persists its joins one after the other, and one class made the
            // warm-up as slow as its journal writes.
            List<CreateRoomResponse> rooms = new ArrayList<>();
            for (int i = 0; i < CLASSES; i++) {
                rooms.add(createClass());
            }
            int joined = 0;
            while (joined < settings.connections() && System.nanoTime() < deadline) {
                int wave = Math.min(WAVE, settings.connections() - joined);
                runWave(rooms, wave, deadline);
                joined += wave;
            }
            system.log().info("warm-up: {} connections joined, chatted and left in {} ms", joined,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            system.log().warn("warm-up cut short after {} ms ({}); the node is ready anyway",
                    (System.nanoTime() - start) / 1_000_000, e.toString());
        }
    }

    private CreateRoomResponse createClass() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(http.resolve("/api/v1/rooms"))
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

    private void runWave(List<CreateRoomResponse> rooms, int size, long deadline) throws Exception {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            CreateRoomResponse room = rooms.get(i % rooms.size());
            // One in ten a teacher, as in a class.
            String token = i % 10 == 0 ? room.getTeacher().getToken() : room.getStudent().getToken();
            URI uri = URI.create(http.toString().replaceFirst("^http", "ws") + "/ws/rooms/" + room.getRoomId()
                    + "?token=" + token);
            clients.add(new Participant().run(client, uri, token));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new))
                .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Joins, sends a few chat messages, waits for their acks, and leaves. */
    private static final class Participant implements WebSocket.Listener {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final ServerMessageReader reader = new ServerMessageReader();
        private WebSocket socket;
        private long clientSeq;
        private int acks;

        CompletableFuture<Void> run(HttpClient client, URI uri, String token) {
            client.newWebSocketBuilder().buildAsync(uri, this).thenAccept(ws -> {
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
