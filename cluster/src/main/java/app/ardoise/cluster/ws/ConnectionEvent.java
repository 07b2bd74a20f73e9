package app.ardoise.cluster.ws;

import app.ardoise.cluster.contract.SessionProtocol;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.util.ByteString;

/**
 * What one WebSocket's stream stage ({@link SessionFlow}) tells the session actor behind it. The
 * handshake: the actor stashes everything until {@link Outbound} brings the queue it writes to; the
 * stage then sends {@link StreamStarted} and one {@link Inbound} per client message, each only after
 * the actor acknowledged the previous one with {@link StreamAck}, so a flooding client is held back
 * by TCP; {@link ClientGone} ends it. {@link #accept} makes the actor name every event.
 */
public sealed interface ConnectionEvent extends SessionProtocol.Local {

    <R> R accept(Handler<R> handler);

    /** One method per event. */
    interface Handler<R> {
        R outbound(Outbound outbound);

        R streamStarted(StreamStarted started);

        R inbound(Inbound inbound);

        R clientGone(ClientGone gone);
    }

    /** The connection's outbound queue, materialized with its graph; the session waits for it before anything else. */
    record Outbound(BoundedSourceQueue<Message> queue) implements ConnectionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.outbound(this);
        }
    }

    /** The WebSocket's inbound stream started; ack each element to {@code ackTo} to receive the next. */
    record StreamStarted(ActorRef<StreamAck> ackTo) implements ConnectionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.streamStarted(this);
        }
    }

    /** One whole message from the client: binary bytes, or a text frame (which the protocol refuses). */
    record Inbound(ActorRef<StreamAck> ackTo, ClientMessage message) implements ConnectionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.inbound(this);
        }
    }

    /** The client's side of the WebSocket ended (closed, failed, or this server closed it). */
    record ClientGone() implements ConnectionEvent {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.clientGone(this);
        }
    }

    /** The ack the inbound stream waits for before sending the next message: this is what throttles a flood. */
    enum StreamAck { INSTANCE }

    /** An inbound WebSocket message, already drained into memory. */
    sealed interface ClientMessage {
        record Binary(ByteString bytes) implements ClientMessage {}

        record Text() implements ClientMessage {}
    }
}
