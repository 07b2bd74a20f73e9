package app.ardoise.cluster;

import app.ardoise.protocol.ServerMessageReader;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.SampleStrokes;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A teacher fills a board while students come in, each batch of strokes followed by a join. The chat waves
 * never touch the whiteboard, and the first Welcome of a class with a big board on a node just started
 * spent most of its time in code the JIT had not seen: encoding the board, then the Welcome around it
 * (bench/RESULTS.md, "Cold recovery"). Each join here encodes the board as it has grown.
 */
final class WarmUpBoard {
    private static final int BATCHES = 20;
    private static final int STROKES_PER_BATCH = 100;
    private static final Duration ANSWER = Duration.ofSeconds(15);

    private final WarmUpLoad load;

    WarmUpBoard(WarmUpLoad load) {
        this.load = load;
    }

    /** Returns how many strokes were drawn, each batch followed by a join, before the deadline. */
    int run(long deadlineNanos) throws Exception {
        CreateRoomResponse room = load.createClass();
        Teacher teacher = new Teacher();
        String token = room.getTeacher().getToken();
        WebSocket socket = load.client().newWebSocketBuilder().connectTimeout(ANSWER)
                .buildAsync(load.webSocket(room, token), teacher).get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        teacher.socket = socket;
        try {
            teacher.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(token).setDisplayName("warm-up")));
            ServerFrame welcome = teacher.next();
            if (!welcome.hasWelcome()) {
                throw new IllegalStateException("the warm-up teacher got " + welcome.getBodyCase() + " for its Join");
            }
            LocalAuthor author = new LocalAuthor(welcome.getWelcome().getParticipantId(),
                    WhiteboardDoc.fromProto(welcome.getWelcome().getRoom().getWhiteboard()));
            String page = welcome.getWelcome().getRoom().getWhiteboard().getPages(0).getPageId();
            int drawn = 0;
            while (drawn < BATCHES && System.nanoTime() < deadlineNanos) {
                WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
                for (int i = 0; i < STROKES_PER_BATCH; i++) {
                    batch.addOps(author.stamp(SampleStrokes.stroke(author.newId(), page, drawn * STROKES_PER_BATCH + i)));
                }
                teacher.send(ClientFrame.newBuilder().setWhiteboard(batch));
                ServerFrame answer = teacher.next();
                if (!answer.hasAck()) {
                    throw new IllegalStateException("the warm-up board's batch got " + answer.getBodyCase());
                }
                load.visit(room, room.getStudent().getToken())
                        .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                drawn++;
            }
            teacher.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
            return drawn * STROKES_PER_BATCH;
        } finally {
            socket.abort();
        }
    }

    /** The teacher's socket: what it sends waits for one answer (a Welcome, an Ack or an Error), read in turn. */
    private static final class Teacher implements WebSocket.Listener {
        private final ServerMessageReader reader = new ServerMessageReader();
        private final BlockingQueue<ServerFrame> answers = new LinkedBlockingQueue<>();
        private WebSocket socket;
        private long clientSeq;

        void send(ClientFrame.Builder frame) {
            socket.sendBinary(ByteBuffer.wrap(frame.setClientSeq(++clientSeq).build().toByteArray()), true).join();
        }

        ServerFrame next() throws InterruptedException {
            ServerFrame answer = answers.poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
            if (answer == null) {
                throw new IllegalStateException("the warm-up teacher had no answer in " + ANSWER.toSeconds() + " s");
            }
            return answer;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                for (ServerFrame frame : reader.read(data, last)) {
                    if (frame.hasWelcome() || frame.hasAck() || frame.hasError()) {
                        answers.add(frame);
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                webSocket.abort();
            }
            webSocket.request(1);
            return null;
        }
    }
}
