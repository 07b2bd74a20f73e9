package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.WhiteboardBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Several clients and a room, with the network in between: each client edits its own replica at
 * once and sends the batch; the room applies batches in the order it receives them and relays
 * them. Every step is one event chosen by the caller, so a scenario is a list of ints that a
 * property-based tester can shrink.
 */
final class Classroom {
    final WhiteboardDoc room = new WhiteboardDoc();
    /** What the room persisted, in its order. */
    final List<WhiteboardBatch> log = new ArrayList<>();
    final List<Client> clients = new ArrayList<>();

    static final class Client {
        final String id;
        final WhiteboardDoc doc = new WhiteboardDoc();
        final LocalAuthor author;
        final UndoHistory history;
        final RandomEdits edits;
        final Deque<WhiteboardBatch> outbox = new ArrayDeque<>();
        final Deque<WhiteboardBatch> inbox = new ArrayDeque<>();

        Client(String id, Random random) {
            this.id = id;
            this.author = new LocalAuthor(id, doc);
            this.history = new UndoHistory(doc, author);
            this.edits = new RandomEdits(random, doc, author);
        }

        void act(WhiteboardBatch batch) {
            history.apply(batch);
            outbox.add(batch);
        }
    }

    Classroom(int clientCount, Random random) {
        // Ids chosen so that string order differs from creation order.
        String[] ids = {"c7f3", "a01b", "zz", "c7f3x", "B9"};
        for (int i = 0; i < clientCount; i++) {
            clients.add(new Client(ids[i], random));
        }
    }

    /** One event: the step's low bits say what happens, the rest to whom. */
    void step(int code, Random random) {
        Client client = clients.get(Math.floorMod(code >> 4, clients.size()));
        switch (code & 15) {
            case 0, 1, 2, 3, 4, 5 -> client.act(client.edits.next());
            case 6 -> client.history.undo().ifPresent(client.outbox::add);
            case 7 -> client.history.redo().ifPresent(client.outbox::add);
            case 8, 9, 10 -> roomReceives(client);
            case 11, 12, 13 -> {
                for (int i = 0; i < 3 && !client.inbox.isEmpty(); i++) {
                    client.doc.apply(client.inbox.poll());
                }
            }
            case 14 -> {
                // A redelivery, as after a resume that overlapped what had already arrived.
                if (!log.isEmpty()) {
                    client.doc.apply(log.get(random.nextInt(log.size())));
                }
            }
            default -> {
                // Reconnect with a gap too large to replay: a fresh snapshot, own unsent ops kept.
                client.inbox.clear();
                client.doc.merge(room.toProto());
            }
        }
    }

    private void roomReceives(Client sender) {
        WhiteboardBatch batch = sender.outbox.poll();
        if (batch == null) {
            return;
        }
        room.apply(batch);
        log.add(batch);
        for (Client other : clients) {
            if (other != sender) {
                other.inbox.add(batch);
            }
        }
    }

    void quiesce() {
        clients.forEach(client -> {
            while (!client.outbox.isEmpty()) {
                roomReceives(client);
            }
        });
        clients.forEach(client -> {
            while (!client.inbox.isEmpty()) {
                client.doc.apply(client.inbox.poll());
            }
        });
    }

    static Classroom run(int clientCount, List<Integer> steps, long seed) {
        Random random = new Random(seed);
        Classroom classroom = new Classroom(clientCount, random);
        steps.forEach(step -> classroom.step(step, random));
        classroom.quiesce();
        return classroom;
    }
}
