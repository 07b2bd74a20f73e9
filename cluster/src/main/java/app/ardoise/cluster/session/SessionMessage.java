package app.ardoise.cluster.session;

import app.ardoise.cluster.serialization.ClusterMessage;
import app.ardoise.media.SfuEvent;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.util.ByteString;

/** What a client session actor handles: frames from its room, and the traffic of its own WebSocket. */
public sealed interface SessionMessage {

    /** Frames for the client, in order. */
    record Deliver(List<ServerFrame> frames) implements SessionMessage, ClusterMessage {
        public static Deliver of(ServerFrame frame) {
            return new Deliver(List.of(frame));
        }
    }

    /**
     * Room events for a listener, seqs {@code firstSeq} to {@code lastSeq} (those it may see among
     * them), as one ServerFrame encoded once by the room for every listener that sees the same: a
     * class of 30 costs one serialization per journal write, not 30.
     */
    record Broadcast(long firstSeq, long lastSeq, ByteString frame) implements SessionMessage, ClusterMessage {}

    /**
     * Another participant's stroke in progress or pointer, encoded once by the room. Unlike a
     * {@link Broadcast} it may be dropped: a client that lags gets the finished shape, not the trail.
     */
    record Relay(ByteString frame) implements SessionMessage, ClusterMessage {}

    /**
     * The room's media routing for this participant (media/ROUTING.md): the tracks it should receive
     * (sorted), those of them muted, and what it may send. Replaces the previous one whole.
     */
    record MediaRoute(List<String> tracks, List<String> muted, boolean mayUseMicrophone, boolean mayUseCamera,
                      boolean mayShareScreen) implements SessionMessage, ClusterMessage {
        public static final MediaRoute NOTHING = new MediaRoute(List.of(), List.of(), false, false, false);

        public MediaRoute {
            tracks = List.copyOf(tracks);
            muted = List.copyOf(muted);
        }
    }

    /** What this session's SFU stream reported, handed to the actor (the stream calls from gRPC threads). */
    record MediaEvent(int generation, SfuEvent event) implements SessionMessage {}

    /** The room ends this session with a WebSocket close code telling the client what to do next. */
    record Close(int code, String reason) implements SessionMessage, ClusterMessage {}

    /** The room stopped (hand-off or passivation) while this session was attached: connect again. */
    record Reattach() implements SessionMessage, ClusterMessage {}

    /** The connection's outbound queue, materialized with its graph; the session waits for it before anything else. */
    record Outbound(BoundedSourceQueue<Message> queue) implements SessionMessage {}

    /** This node is being drained: close with 4012 so the client resumes on another node. */
    record Drain() implements SessionMessage {}

    /** Time to tell the room this session is still there (see ClientSession.onCheckRoom). */
    record CheckRoom() implements SessionMessage {}

    /** The join timeout ran out: a connection that has not joined or resumed by now is closed. */
    record JoinDeadline() implements SessionMessage {}

    /** The WebSocket's inbound stream started; ack each element to {@code ackTo} to receive the next. */
    record StreamStarted(ActorRef<StreamAck> ackTo) implements SessionMessage {}

    /** One whole message from the client: binary bytes, or a text frame (which the protocol refuses). */
    record Inbound(ActorRef<StreamAck> ackTo, ClientMessage message) implements SessionMessage {}

    /** The client's side of the WebSocket ended (closed, failed, or this server closed it). */
    record ClientGone() implements SessionMessage {}

    /** The ack the inbound stream waits for before sending the next message: this is what throttles a flood. */
    enum StreamAck { INSTANCE }

    /** An inbound WebSocket message, already drained into memory. */
    sealed interface ClientMessage {
        record Binary(ByteString bytes) implements ClientMessage {}

        record Text() implements ClientMessage {}
    }
}
