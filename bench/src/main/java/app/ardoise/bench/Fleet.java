package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * R classes of S participants, each on its own WebSocket, joined through the REST API's links: the
 * first participant of each class with the teacher link, the others with the student link.
 */
final class Fleet {
    /** One class: its participants in join order, the teacher first, with their Welcomes. */
    record Room(CreateRoomResponse created, List<BenchClient> clients, List<Welcome> welcomes) {
        BenchClient teacher() {
            return clients.get(0);
        }

        BenchClient teacher(int i) {
            return clients.get(i);
        }
    }

    private static final int CONNECTING_AT_ONCE = 64;

    final List<Room> rooms = new ArrayList<>();
    final List<BenchClient> clients = new ArrayList<>();
    Histogram joinTimes;
    long connected;
    double rampSeconds;

    static Fleet join(RoomApi api, int roomCount, int perRoom, int httpClients, Consumer<ServerFrame> onFrame,
                      Runnable onClosed, Runnable onError) throws Exception {
        return join(api, roomCount, perRoom, 1, httpClients, onFrame, onClosed, onError);
    }

    /** As above, the first {@code teachers} participants of each class joining with the teacher link. */
    static Fleet join(RoomApi api, int roomCount, int perRoom, int teachers, int httpClients,
                      Consumer<ServerFrame> onFrame, Runnable onClosed, Runnable onError) throws Exception {
        return join(api, roomCount, perRoom, teachers, httpClients, () -> onFrame, false, onClosed, onError);
    }

    /** As above, each client reading its frames with one reader of {@code readers}, with written marks or not. */
    static Fleet join(RoomApi api, int roomCount, int perRoom, int teachers, int httpClients,
                      Supplier<Consumer<ServerFrame>> readers, boolean writtenMarks, Runnable onClosed, Runnable onError)
            throws Exception {
        Fleet fleet = new Fleet();
        List<HttpClient> transports = new ArrayList<>();
        for (int i = 0; i < httpClients; i++) {
            // Frames are handed to the listener on the client's own selector thread. With the default
            // executor every frame hopped to a pool thread first: a third of the generator's CPU went to
            // those hand-offs, and their queueing showed up as delivery latency (bench/RESULTS.md).
            transports.add(HttpClient.newBuilder().executor(Runnable::run).build());
        }
        Recorder joins = new Recorder(3);
        List<CompletableFuture<Welcome>> joined = new ArrayList<>();
        List<List<CompletableFuture<Welcome>>> perRoomJoins = new ArrayList<>();
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        long rampStart = System.nanoTime();
        for (int r = 0; r < roomCount; r++) {
            CreateRoomResponse room = api.create("bench " + r);
            List<BenchClient> members = new ArrayList<>();
            List<CompletableFuture<Welcome>> welcomes = new ArrayList<>();
            for (int c = 0; c < perRoom; c++) {
                String token = c < teachers ? room.getTeacher().getToken() : room.getStudent().getToken();
                BenchClient client = new BenchClient(readers.get(), onClosed);
                members.add(client);
                fleet.clients.add(client);
                connecting.acquire();
                long started = System.nanoTime();
                CompletableFuture<Welcome> welcome = client.connectAndJoin(
                                transports.get(fleet.clients.size() % httpClients),
                                api.webSocket(room, token), token, "c" + r + "-" + c, writtenMarks)
                        .whenComplete((ok, failure) -> {
                            connecting.release();
                            if (failure == null) {
                                joins.recordValue((System.nanoTime() - started) / 1_000);
                            } else {
                                onError.run();
                            }
                        });
                welcomes.add(welcome);
                joined.add(welcome);
            }
            fleet.rooms.add(new Room(room, members, new ArrayList<>()));
            perRoomJoins.add(welcomes);
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        fleet.rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        fleet.connected = joined.stream().filter(f -> !f.isCompletedExceptionally()).count();
        fleet.joinTimes = joins.getIntervalHistogram();
        for (int r = 0; r < roomCount; r++) {
            for (CompletableFuture<Welcome> welcome : perRoomJoins.get(r)) {
                fleet.rooms.get(r).welcomes().add(welcome.isCompletedExceptionally() ? null : welcome.join());
            }
        }
        return fleet;
    }

    void close() {
        clients.forEach(BenchClient::close);
    }
}
