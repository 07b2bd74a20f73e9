package app.ardoise.cluster.ws;

import app.ardoise.protocol.CloseCode;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.http.scaladsl.model.ws.BinaryMessage;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.TextMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import scala.Option;

/**
 * The server's end of RFC 6455 between pekko-http's frame parser and renderer and the application's
 * messages, in one graph stage: whole messages up (see {@link FrameReader}), each application message out as
 * one frame, pings answered, keep-alive pings when the connection is quiet, and the close handshake, including
 * a close asked for by a {@link WebSocketCloser} from any thread or by a message over the size limit (1009).
 *
 * <p>It replaces pekko-http's own message layer, which runs some twenty stages and a sub-stream for every
 * open connection: an idle connection's heap is mostly its stages (bench/RESULTS.md, "Heap per idle
 * connection"). The application only ever sends strict messages.
 *
 * <p>Top row: network to application. Bottom row: application to network.
 */
final class WebSocketEndpoint extends GraphStage<BidiShape<FrameEvent, Message, Message, FrameEvent>> {
    /** How long a peer that reads nothing may keep our close frame from being written. */
    static final Duration WRITE_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long we wait for the peer's close frame once ours is written. */
    private static final Duration PEER_CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private static final String WRITE_DEADLINE = "write-close";
    private static final String PEER_DEADLINE = "peer-close";
    private static final String KEEP_ALIVE = "keep-alive";

    private static final Protocol.Opcode TEXT = Protocol.Opcode$.MODULE$.forCode((byte) 0x1);
    private static final Protocol.Opcode BINARY = Protocol.Opcode$.MODULE$.forCode((byte) 0x2);
    private static final Protocol.Opcode PING = Protocol.Opcode$.MODULE$.forCode((byte) 0x9);
    private static final Protocol.Opcode PONG = Protocol.Opcode$.MODULE$.forCode((byte) 0xA);
    private static final FrameEvent KEEP_ALIVE_PING = frame(PING, ByteString.emptyByteString());

    private final Inlet<FrameEvent> fromNet = Inlet.create("WebSocketEndpoint.fromNet");
    private final Outlet<Message> toApp = Outlet.create("WebSocketEndpoint.toApp");
    private final Inlet<Message> fromApp = Inlet.create("WebSocketEndpoint.fromApp");
    private final Outlet<FrameEvent> toNet = Outlet.create("WebSocketEndpoint.toNet");
    private final BidiShape<FrameEvent, Message, Message, FrameEvent> shape =
            BidiShape.of(fromNet, toApp, fromApp, toNet);

    /** Null when the connection may stay silent for ever. */
    private final Duration keepAlive;

    /**
     * One connection's limit, closer and watch, given as a stream attribute: one endpoint, and the graph around it,
     * then serves every connection, with nothing per connection in the blueprint but this attribute.
     */
    record Connection(int maxMessageBytes, WebSocketCloser closer, ConnectionWatch watch)
            implements Attributes.Attribute {
        Connection {
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("the message size limit must be positive, not " + maxMessageBytes);
            }
        }
    }

    /** @param keepAlive a quiet connection pings about this often; null for never */
    WebSocketEndpoint(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    @Override
    public BidiShape<FrameEvent, Message, Message, FrameEvent> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        Connection connection = inheritedAttributes.getAttribute(Connection.class).orElseThrow(
                () -> new IllegalStateException("a WebSocketEndpoint needs a Connection attribute"));
        return new Logic(connection);
    }

    private enum Phase { OPEN, CLOSING, CLOSE_SENT }

    private final class Logic extends TimerGraphStageLogic {
        private final FrameReader reader;
        private final WebSocketCloser closer;
        private final ConnectionWatch watch;
        private final Frames frames = new Frames();
        private Phase phase = Phase.OPEN;
        /** Frames waiting for the network, most urgent first; each is null when there is none. */
        private FrameEvent closeFrame;
        private FrameEvent pong;
        private FrameEvent appFrame;
        private boolean pingDue;
        private boolean sentSinceTick;
        private boolean peerClosed;

        Logic(Connection connection) {
            super(shape);
            this.reader = new FrameReader(connection.maxMessageBytes());
            this.closer = connection.closer();
            this.watch = connection.watch();
            setHandler(fromNet, new AbstractInHandler() {
                @Override
                public void onPush() {
                    FrameEvent event = grab(fromNet);
                    if (phase == Phase.OPEN) {
                        reader.read(event).accept(frames);
                    } else if (FrameReader.startsClose(event)) {
                        peerClosed();
                    } else {
                        pull(fromNet);
                    }
                }

                @Override
                public void onUpstreamFinish() {
                    if (phase == Phase.OPEN) {
                        completeStage(); // the client went without a close frame
                    } else {
                        peerClosed();
                    }
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    onUpstreamFinish();
                }
            });
            setHandler(toApp, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    if (phase == Phase.OPEN) {
                        pull(fromNet);
                    }
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    startClosing(new CloseRequest(CloseCode.NORMAL, ""));
                }
            });
            setHandler(fromApp, new AbstractInHandler() {
                @Override
                public void onPush() {
                    appFrame = frame(grab(fromApp));
                    writeNext();
                }

                @Override
                public void onUpstreamFinish() {
                    startClosing(new CloseRequest(CloseCode.NORMAL, ""));
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    // The client only learns "internal error": the cause is for the operator. Never a frame's contents.
                    Logging.getLogger(materializer().system(), WebSocketEndpoint.class).warning(
                            "closing a WebSocket with 1011, the application's side failed: {}: {}",
                            failure.getClass().getName(), failure.getMessage());
                    startClosing(new CloseRequest(CloseCode.INTERNAL_ERROR, "internal error"));
                }
            });
            setHandler(toNet, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    writeNext();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    completeStage(); // nothing can be written any more
                }
            });
        }

        @Override
        public void preStart() {
            watch.started();
            AsyncCallback<CloseRequest> onClose = createAsyncCallback(this::startClosing);
            closer.attach(onClose::invoke).ifPresent(this::startClosing);
            if (keepAlive != null) {
                // Ticks at half the period: a connection that sent nothing for a whole tick pings, about once a period.
                scheduleWithFixedDelay(KEEP_ALIVE, keepAlive.dividedBy(2), keepAlive.dividedBy(2));
            }
        }

        @Override
        public void postStop() {
            closer.detach();
            watch.ended();
        }

        /** What each frame the client sent amounts to; a new kind of read does not compile until handled here. */
        private final class Frames implements FrameReader.Handler {
            @Override
            public void partial() {
                pull(fromNet);
            }

            @Override
            public void binary(FrameReader.Binary binary) {
                push(toApp, new BinaryMessage.Strict(binary.data()));
            }

            @Override
            public void text(FrameReader.Text text) {
                push(toApp, new TextMessage.Strict(text.text()));
            }

            @Override
            public void ping(FrameReader.Ping ping) {
                pong = frame(PONG, ping.payload()); // only the latest ping needs an answer
                writeNext();
                pull(fromNet);
            }

            @Override
            public void pong() {
                pull(fromNet);
            }

            @Override
            public void close(FrameReader.Close close) {
                peerClosed = true;
                // Echo the peer's code, or say "normal" when it gave none.
                startClosing(close.code() == FrameReader.NO_STATUS ? new CloseRequest(CloseCode.NORMAL, "")
                        : new CloseRequest(close.code(), close.reason()));
            }

            @Override
            public void violation(FrameReader.Violation violation) {
                startClosing(violation.close());
            }
        }

        /** Writes the most urgent frame waiting, if the network takes one now; asks the application for more. */
        private void writeNext() {
            if (!isAvailable(toNet)) {
                return;
            }
            if (closeFrame != null) {
                push(toNet, closeFrame);
                closeFrame = null;
                closeSent();
            } else if (phase != Phase.OPEN) {
                return;
            } else if (pong != null) {
                send(pong);
                pong = null;
            } else if (pingDue) {
                send(KEEP_ALIVE_PING);
            } else if (appFrame != null) {
                send(appFrame);
                appFrame = null;
            }
            if (phase == Phase.OPEN && appFrame == null && !hasBeenPulled(fromApp) && !isClosed(fromApp)) {
                pull(fromApp);
            }
        }

        private void send(FrameEvent frame) {
            push(toNet, frame);
            pingDue = false;
            sentSinceTick = true;
        }

        private void startClosing(CloseRequest request) {
            if (phase != Phase.OPEN) {
                return; // only the first close counts
            }
            phase = Phase.CLOSING;
            closeFrame = FrameEvent.closeFrame(request.code(), request.reason(), Option.empty());
            // From now on the application hears nothing more and is asked for nothing more; its flow ends with
            // the connection, so that its end still means the connection's.
            appFrame = null;
            pong = null;
            if (isClosed(fromNet)) {
                peerClosed = true;
            } else if (!peerClosed && !hasBeenPulled(fromNet)) {
                pull(fromNet); // to see the peer's close frame
            }
            scheduleOnce(WRITE_DEADLINE, WRITE_CLOSE_TIMEOUT);
            writeNext();
        }

        private void closeSent() {
            cancelTimer(WRITE_DEADLINE);
            phase = Phase.CLOSE_SENT;
            if (peerClosed) {
                completeStage();
            } else {
                scheduleOnce(PEER_DEADLINE, PEER_CLOSE_TIMEOUT);
            }
        }

        private void peerClosed() {
            peerClosed = true;
            if (phase == Phase.CLOSE_SENT) {
                completeStage();
            }
        }

        @Override
        public void onTimer(Object key) {
            if (KEEP_ALIVE.equals(key)) {
                pingDue = pingDue || !sentSinceTick;
                sentSinceTick = false;
                writeNext();
            } else if (WRITE_DEADLINE.equals(key)) {
                // A failed outlet makes pekko's TCP stage reset the connection instead of flushing it.
                fail(toNet, new TimeoutException(
                        "the peer did not take our close frame within " + WRITE_CLOSE_TIMEOUT.toMillis() + " ms"));
                completeStage();
            } else {
                completeStage(); // the peer never answered our close frame
            }
        }
    }

    private static FrameEvent frame(Message message) {
        if (message instanceof BinaryMessage.Strict binary) {
            return frame(BINARY, binary.data());
        }
        if (message instanceof TextMessage.Strict text) {
            return frame(TEXT, ByteString.fromString(text.text()));
        }
        throw new IllegalArgumentException("the application sends strict messages only, not " + message);
    }

    private static FrameEvent frame(Protocol.Opcode opcode, ByteString payload) {
        return FrameEvent.fullFrame(opcode, Option.empty(), payload, true, false, false, false);
    }
}
