package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import java.net.http.HttpClient;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A teacher's connection that fills a board one batch at a time, each acknowledged before the next is sent. */
final class DrawingTeacher implements AutoCloseable {
    private final Semaphore answers = new Semaphore(0);
    private final AtomicReference<String> refused = new AtomicReference<>();
    private final BenchClient client;
    private final Welcome welcome;

    DrawingTeacher(RoomApi api, CreateRoomResponse room) {
        client = new BenchClient(frame -> {
            if (frame.hasError()) {
                refused.set(frame.getError().toString());
            }
            if (frame.hasAck() || frame.hasError()) {
                answers.release();
            }
        }, () -> { });
        welcome = client.connectAndJoin(HttpClient.newHttpClient(), api.webSocket(room, room.getTeacher().getToken()),
                room.getTeacher().getToken(), "teacher").join();
    }

    Welcome welcome() {
        return welcome;
    }

    /** Sends the batch and waits for its Ack; a refusal or silence fails, saying {@code what}. */
    void draw(WhiteboardBatch batch, String what) throws InterruptedException {
        client.whiteboard(batch);
        if (!answers.tryAcquire(30, TimeUnit.SECONDS) || refused.get() != null) {
            throw new IllegalStateException(what + " not accepted: " + refused.get());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
