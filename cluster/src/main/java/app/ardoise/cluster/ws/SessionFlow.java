package app.ardoise.cluster.ws;

import app.ardoise.cluster.ws.ConnectionEvent.ClientMessage;
import java.util.ArrayDeque;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The message end of one WebSocket, around its session actor: inbound messages go to the actor one at a
 * time (it acks each, so a flooding client is held back by TCP), outbound frames come from a bounded
 * queue the actor offers to, which it receives once the connection's graph runs ({@link ConnectionEvent}
 * describes the handshake).
 *
 * <p>All of it is one graph stage. It used to be six (two message adapters, a mapAsync, an actor sink, a
 * source queue and the coupled-termination stage), and an idle connection's heap is mostly its stages:
 * each costs its logic, handler and connection arrays, a hash set and its blueprint (bench/RESULTS.md,
 * "Heap per idle connection").
 */
public final class SessionFlow extends GraphStage<FlowShape<
        org.apache.pekko.http.scaladsl.model.ws.Message, org.apache.pekko.http.scaladsl.model.ws.Message>> {
    private final Inlet<org.apache.pekko.http.scaladsl.model.ws.Message> in = Inlet.create("SessionFlow.in");
    private final Outlet<org.apache.pekko.http.scaladsl.model.ws.Message> out = Outlet.create("SessionFlow.out");
    private final FlowShape<org.apache.pekko.http.scaladsl.model.ws.Message,
            org.apache.pekko.http.scaladsl.model.ws.Message> shape = FlowShape.of(in, out);

    private static final SessionFlow STAGE = new SessionFlow();

    /**
     * What one connection's stage serves: given as an attribute, so that one blueprint serves every connection.
     * The outbound queue holds at most {@code outboundBuffer} frames and {@code outboundBytes} bytes.
     */
    private record Connection(ActorRef<ConnectionEvent> session, int outboundBuffer, long outboundBytes)
            implements Attributes.Attribute {}

    private SessionFlow() {}

    /** The stage of every connection; each materialization needs the attributes {@link #attributes} returns. */
    public static SessionFlow stage() {
        return STAGE;
    }

    /**
     * Ties a materialization of the stage to the session actor of its connection, whose client may leave at most
     * {@code outboundBuffer} frames and {@code outboundBytes} bytes unread before its session is told it is too slow.
     */
    public static Attributes attributes(ActorRef<ConnectionEvent> session, int outboundBuffer, long outboundBytes) {
        return Attributes.apply(new Connection(session, outboundBuffer, outboundBytes));
    }

    @Override
    public FlowShape<org.apache.pekko.http.scaladsl.model.ws.Message,
            org.apache.pekko.http.scaladsl.model.ws.Message> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new Logic(inheritedAttributes.getAttribute(Connection.class).orElseThrow(
                () -> new IllegalStateException("a session stage materializes with the attributes of SessionFlow.attributes")));
    }

    private final class Logic extends GraphStageLogic {
        private final ActorRef<ConnectionEvent> session;
        private final OutboundQueue queue;
        private ActorRef<ConnectionEvent.StreamAck> ackTo;
        private boolean sessionTold;

        Logic(Connection connection) {
            super(shape);
            this.session = connection.session();
            this.queue = new OutboundQueue(connection.outboundBuffer(), connection.outboundBytes(),
                    createAsyncCallback(this::onOffered));
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    // The endpoint (ws.WebSocketEndpoint) hands on whole messages only: every one is strict.
                    Message message = Message.adapt(grab(in));
                    toSession(message.isText() ? new ClientMessage.Text()
                            : new ClientMessage.Binary(message.asBinaryMessage().getStrictData()));
                }

                @Override
                public void onUpstreamFinish() {
                    sessionGone();
                    completeStage(); // the client's side ended: so does ours (the stack then closes)
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    sessionGone();
                    completeStage();
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    pushQueued();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    sessionGone();
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            // The stage actor gets the session's acks, and its end: a stopped session ends the connection.
            var stageActor = getStageActor(received -> {
                onActorMessage(received);
                return BoxedUnit.UNIT;
            });
            stageActor.watch(Adapter.toClassic(session));
            ackTo = Adapter.toTyped(stageActor.ref());
            session.tell(new ConnectionEvent.Outbound(queue));
            session.tell(new ConnectionEvent.StreamStarted(ackTo));
        }

        @Override
        public void postStop() {
            queue.close();
        }

        private void onActorMessage(Tuple2<org.apache.pekko.actor.ActorRef, Object> received) {
            Object message = received._2();
            if (message == ConnectionEvent.StreamAck.INSTANCE) {
                if (!isClosed(in) && !hasBeenPulled(in)) {
                    pull(in);
                }
            } else if (message instanceof Terminated) {
                completeStage();
            }
        }

        private void toSession(ClientMessage message) {
            session.tell(new ConnectionEvent.Inbound(ackTo, message));
        }

        private void sessionGone() {
            if (!sessionTold) {
                sessionTold = true;
                session.tell(new ConnectionEvent.ClientGone());
            }
        }

        private void onOffered(Object ignored) {
            if (isAvailable(out)) {
                pushQueued();
            }
        }

        private void pushQueued() {
            Message next = queue.poll();
            if (next != null) {
                push(out, next.asScala());
            } else if (queue.completedByOwner()) {
                completeStage();
            }
        }
    }

    /**
     * The session's bounded outbound queue. The actor offers from its own thread and the stage polls from
     * the stream's; the deque is grown on demand, so an idle connection keeps a small array rather than
     * one sized for {@code capacity}. The stage is woken only when the queue goes from empty to not empty.
     *
     * <p>It is bounded in bytes as well as in frames: a frame may be a Welcome of the whole board and chat,
     * megabytes, which a client gets again for each Resync it sends. Counted in frames only, a client that sent
     * Resyncs and read nothing held hundreds of them, and a few megabytes of chat were enough to exhaust a
     * node's heap. An empty queue takes any one frame, so that the largest Welcome still reaches a client that
     * keeps up.
     */
    private static final class OutboundQueue implements BoundedSourceQueue<Message> {
        private final int capacity;
        private final long maxBytes;
        private final AsyncCallback<Object> wake;
        private ArrayDeque<Message> frames;
        private long bytes;
        private boolean closed;
        private boolean completed;

        OutboundQueue(int capacity, long maxBytes, AsyncCallback<Object> wake) {
            this.capacity = capacity;
            this.maxBytes = maxBytes;
            this.wake = wake;
        }

        @Override
        public QueueOfferResult offer(Message frame) {
            long size = bytesOf(frame);
            synchronized (this) {
                if (closed || completed) {
                    return QueueOfferResult.closed();
                }
                if (frames == null) {
                    frames = new ArrayDeque<>(4);
                }
                if (frames.size() >= capacity || (!frames.isEmpty() && bytes + size > maxBytes)) {
                    return QueueOfferResult.dropped();
                }
                frames.addLast(frame);
                bytes += size;
                if (frames.size() > 1) {
                    return QueueOfferResult.enqueued(); // the stage has been woken for the first one already
                }
            }
            wake.invoke(null);
            return QueueOfferResult.enqueued();
        }

        synchronized Message poll() {
            Message next = frames == null ? null : frames.pollFirst();
            if (next != null) {
                bytes -= bytesOf(next);
            }
            if (next == null && frames != null && frames.isEmpty()) {
                frames = null; // an idle connection goes back to holding no array
            }
            return next;
        }

        /** The owner asked for the end, and everything before it has gone out. */
        synchronized boolean completedByOwner() {
            return completed && (frames == null || frames.isEmpty());
        }

        synchronized void close() {
            closed = true;
            frames = null;
            bytes = 0;
        }

        /** The session sends binary frames only; a text frame is counted by its characters, a close enough bound. */
        private static long bytesOf(Message frame) {
            return frame.isText() ? frame.asTextMessage().getStrictText().length()
                    : frame.asBinaryMessage().getStrictData().size();
        }

        @Override
        public void complete() {
            synchronized (this) {
                if (closed || completed) {
                    return;
                }
                completed = true;
            }
            wake.invoke(null);
        }

        @Override
        public synchronized boolean isCompleted() {
            return closed || completed;
        }

        @Override
        public void fail(Throwable failure) {
            complete(); // the session never fails its queue; ending the connection is the closest meaning
        }

        @Override
        public synchronized int size() {
            return frames == null ? 0 : frames.size();
        }
    }
}
