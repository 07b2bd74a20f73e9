package app.ardoise.cluster.ws;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
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

/**
 * Sits between the network's frames and pekko-http's own WebSocket stack. While open it passes every frame
 * through untouched, so the stack still answers pings and runs the close handshake. It takes over the
 * connection when an incoming message grows past the limit (close 1009) or when its {@link WebSocketCloser}
 * is used: from then on the stack hears nothing more, the peer gets our close frame once no outgoing frame is
 * half written, and the connection ends when the peer answers with its own close, or after a short wait.
 *
 * <p>Top row: network to stack. Bottom row: stack to network.
 */
final class FrameGuard<F> extends GraphStage<BidiShape<F, F, F, F>> {
    private static final int MESSAGE_TOO_BIG = 1009;
    /** How long a peer that reads nothing may keep our close frame from being written. */
    static final Duration WRITE_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long we wait for the peer's close frame once ours is written. */
    private static final Duration PEER_CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private static final String WRITE_DEADLINE = "write-close";
    private static final String PEER_DEADLINE = "peer-close";

    private final Inlet<F> fromNet = Inlet.create("FrameGuard.fromNet");
    private final Outlet<F> toStack = Outlet.create("FrameGuard.toStack");
    private final Inlet<F> fromStack = Inlet.create("FrameGuard.fromStack");
    private final Outlet<F> toNet = Outlet.create("FrameGuard.toNet");
    private final BidiShape<F, F, F, F> shape = BidiShape.of(fromNet, toStack, fromStack, toNet);

    private final WireFrames<F> frames;
    /** Null for a guard shared by many connections, each of which brings its own as an attribute. */
    private final Connection connection;

    /**
     * One connection's limit and closer, given as a stream attribute to a guard made without them: one
     * guard, and the graph around it, can then serve every connection, with nothing per connection in the
     * blueprint but this attribute.
     */
    record Connection(int maxMessageBytes, WebSocketCloser closer) implements Attributes.Attribute {
        Connection {
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("the message size limit must be positive, not " + maxMessageBytes);
            }
        }
    }

    FrameGuard(WireFrames<F> frames, int maxMessageBytes, WebSocketCloser closer) {
        this.frames = frames;
        this.connection = new Connection(maxMessageBytes, closer);
    }

    /** A guard whose limit and closer come with each materialization, as a {@link Connection} attribute. */
    FrameGuard(WireFrames<F> frames) {
        this.frames = frames;
        this.connection = null;
    }

    @Override
    public BidiShape<F, F, F, F> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        Connection settings = connection != null ? connection : inheritedAttributes.getAttribute(Connection.class)
                .orElseThrow(() -> new IllegalStateException("a shared FrameGuard needs a Connection attribute"));
        return new Logic(settings.maxMessageBytes(), settings.closer());
    }

    private enum Phase { OPEN, CLOSING, CLOSE_SENT }

    private final class Logic extends TimerGraphStageLogic {
        private final int maxMessageBytes;
        private final WebSocketCloser closer;
        private final MessageSizeLimit limit;
        private final FramePosition<F> toStackPosition = new FramePosition<>(frames);
        private final FramePosition<F> toNetPosition = new FramePosition<>(frames);
        private Phase phase = Phase.OPEN;
        private F closeFrame;
        private boolean closeWritten;
        private boolean peerDone;

        Logic(int maxMessageBytes, WebSocketCloser closer) {
            super(shape);
            this.maxMessageBytes = maxMessageBytes;
            this.closer = closer;
            this.limit = new MessageSizeLimit(maxMessageBytes);
            setHandler(fromNet, new AbstractInHandler() {
                @Override
                public void onPush() {
                    F event = grab(fromNet);
                    if (phase == Phase.OPEN) {
                        toStack(event);
                    } else {
                        awaitPeerClose(event);
                    }
                }

                @Override
                public void onUpstreamFinish() {
                    if (phase == Phase.OPEN) {
                        complete(toStack);
                    } else {
                        peerDone();
                    }
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    if (phase == Phase.OPEN) {
                        fail(toStack, failure);
                    } else {
                        peerDone();
                    }
                }
            });
            setHandler(toStack, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    if (phase == Phase.OPEN) {
                        pull(fromNet);
                    }
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    // Once closing, we keep reading to see the peer's close frame.
                    if (phase == Phase.OPEN) {
                        cancel(fromNet, cause);
                    }
                }
            });
            setHandler(fromStack, new AbstractInHandler() {
                @Override
                public void onPush() {
                    F event = grab(fromStack);
                    // While closing, only the rest of a frame already begun may follow it out.
                    if (phase == Phase.OPEN || (phase == Phase.CLOSING && toNetPosition.insideFrame())) {
                        toNet(event);
                    }
                }

                @Override
                public void onUpstreamFinish() {
                    if (phase == Phase.OPEN) {
                        complete(toNet);
                    } else if (phase == Phase.CLOSING && isAvailable(toNet)) {
                        writeClose();
                    }
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    if (phase == Phase.OPEN) {
                        fail(toNet, failure);
                    } else if (phase == Phase.CLOSING && isAvailable(toNet)) {
                        writeClose();
                    }
                }
            });
            setHandler(toNet, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    if (phase == Phase.OPEN) {
                        pull(fromStack);
                    } else if (phase == Phase.CLOSING) {
                        writeClose();
                    }
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    if (phase == Phase.OPEN) {
                        cancel(fromStack, cause);
                    } else {
                        finish();
                    }
                }
            });
        }

        @Override
        public void preStart() {
            AsyncCallback<CloseRequest> onClose = createAsyncCallback(this::startClosing);
            closer.attach(onClose::invoke).ifPresent(this::startClosing);
        }

        @Override
        public void postStop() {
            closer.detach();
        }

        private void toStack(F event) {
            WireFrames.Header header = frames.header(event);
            if (header != null && !limit.admits(header)) {
                startClosing(new CloseRequest(MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes"));
                return;
            }
            if (header != null && header.kind() == WireFrames.Kind.CLOSE) {
                peerDone = true; // should we take over now, our close frame is the answer
            }
            toStackPosition.passed(event);
            push(toStack, event);
        }

        private void toNet(F event) {
            WireFrames.Header header = frames.header(event);
            if (header != null && header.kind() == WireFrames.Kind.CLOSE) {
                closeWritten = true;
            }
            toNetPosition.passed(event);
            push(toNet, event);
        }

        private void startClosing(CloseRequest request) {
            if (phase != Phase.OPEN || isClosed(toNet)) {
                return; // already closing, or the stack has closed the connection itself
            }
            phase = Phase.CLOSING;
            closeFrame = frames.closeFrame(request);
            if (isClosed(fromNet)) {
                peerDone = true;
            } else if (!peerDone && !hasBeenPulled(fromNet)) {
                pull(fromNet);
            }
            if (closeWritten) {
                // The stack has sent a close frame already and a second one is not allowed: just see it through.
                closeSent();
            } else {
                scheduleOnce(WRITE_DEADLINE, WRITE_CLOSE_TIMEOUT);
                if (isAvailable(toNet)) {
                    writeClose();
                }
            }
        }

        /** Called whenever the network may take a frame while we are closing. */
        private void writeClose() {
            if (toNetPosition.insideFrame()) {
                if (isClosed(fromStack)) {
                    abort(new IllegalStateException("the stack ended in the middle of a frame"));
                } else if (!hasBeenPulled(fromStack)) {
                    pull(fromStack);
                }
                return;
            }
            push(toNet, closeFrame);
            cancelTimer(WRITE_DEADLINE);
            closeSent();
        }

        private void closeSent() {
            phase = Phase.CLOSE_SENT;
            if (peerDone) {
                finish();
            } else {
                scheduleOnce(PEER_DEADLINE, PEER_CLOSE_TIMEOUT);
            }
        }

        private void awaitPeerClose(F event) {
            WireFrames.Header header = frames.header(event);
            if (header != null && header.kind() == WireFrames.Kind.CLOSE) {
                peerDone();
            } else {
                pull(fromNet);
            }
        }

        private void peerDone() {
            peerDone = true;
            if (phase == Phase.CLOSE_SENT) {
                finish();
            }
        }

        @Override
        public void onTimer(Object key) {
            if (WRITE_DEADLINE.equals(key)) {
                abort(new TimeoutException(
                        "the peer did not take our close frame within " + WRITE_CLOSE_TIMEOUT.toMillis() + " ms"));
            } else {
                finish();
            }
        }

        /** Tears the connection down: a failed outlet makes pekko's TCP stage reset instead of flushing. */
        private void abort(Exception why) {
            fail(toNet, why);
            finish();
        }

        private void finish() {
            if (!isClosed(toStack) && toStackPosition.insideMessage()) {
                fail(toStack, new TruncatedMessageException());
            }
            completeStage();
        }
    }
}
