package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * What a class sends the sessions attached to it, from whichever node it runs on. {@link #accept} makes
 * the session name every message: a new one does not compile until it is handled.
 */
public sealed interface ToSession extends SessionProtocol, ClusterMessage {

    <R> R accept(Handler<R> handler);

    /** One method per message. */
    interface Handler<R> {
        R deliver(Deliver deliver);

        R broadcast(Broadcast broadcast);

        R relay(Relay relay);

        R mediaRoute(MediaRoute route);

        R mediaPlaced(MediaPlaced placed);

        R close(Close close);

        R reattach(Reattach reattach);
    }

    /** Frames for the client, in order. */
    record Deliver(List<ServerFrame> frames) implements ToSession {
        public static Deliver of(ServerFrame frame) {
            return new Deliver(List.of(frame));
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.deliver(this);
        }
    }

    /**
     * Room events for a listener, seqs {@code firstSeq} to {@code lastSeq} (those it may see among
     * them), as one ServerFrame encoded once by the room for every listener that sees the same: a
     * class of 30 costs one serialization per journal write, not 30.
     */
    record Broadcast(long firstSeq, long lastSeq, ByteString frame) implements ToSession {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.broadcast(this);
        }
    }

    /**
     * A stroke in progress, a pointer, a reaction or a live batch, encoded once by the room. Unlike a
     * {@link Broadcast} it may be dropped: a client that lags gets the finished shape, not the trail.
     * {@code liveSeq} is a live batch's seq, so that its session knows which written events its client already
     * holds (WrittenMarks); 0 for anything else.
     */
    record Relay(ByteString frame, long liveSeq) implements ToSession {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.relay(this);
        }
    }

    /**
     * The room's media routing for this participant (media/ROUTING.md): the tracks it should receive
     * (sorted), those of them muted, and what it may send. Replaces the previous one whole.
     */
    record MediaRoute(List<String> tracks, List<String> muted, boolean mayUseMicrophone, boolean mayUseCamera,
                      boolean mayShareScreen) implements ToSession {
        public static final MediaRoute NOTHING = new MediaRoute(List.of(), List.of(), false, false, false);

        public MediaRoute {
            tracks = List.copyOf(tracks);
            muted = List.copyOf(muted);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.mediaRoute(this);
        }
    }

    /**
     * The SFU (host:port) where this session's media goes: to the session that asked, and to every session when the
     * class moves. {@code relayFrom}, unless empty: the class's own SFU, whose {@code teachers}' tracks {@code sfu}
     * is to relay, the class having spread over several SFUs.
     */
    record MediaPlaced(String sfu, String relayFrom, List<String> teachers) implements ToSession {
        public MediaPlaced {
            teachers = List.copyOf(teachers);
        }

        /** The class's own SFU. */
        public MediaPlaced(String sfu) {
            this(sfu, "", List.of());
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.mediaPlaced(this);
        }
    }

    /** The room ends this session with a WebSocket close code telling the client what to do next. */
    record Close(int code, String reason) implements ToSession {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.close(this);
        }
    }

    /** The room stopped (hand-off or passivation) while this session was attached: connect again. */
    record Reattach() implements ToSession {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.reattach(this);
        }
    }
}
