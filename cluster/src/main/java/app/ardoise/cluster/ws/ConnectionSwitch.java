package app.ardoise.cluster.ws;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One TCP connection of the server, between the socket's bytes and what serves them: first an HTTP server (a
 * flow given the connection's {@link Takeover}, run as a sub-stream of this stage), then, when a request's
 * answer was a 101 that gave the takeover a flow, that flow instead, run the same way once the 101 is written.
 *
 * <p>Why: pekko-http keeps a WebSocket inside the server pipeline that its upgrade came through, some twenty
 * stages (parsing, rendering, request timeout, protocol switch...) idle for the connection's life; an idle
 * connection's heap was mostly those stages (bench/RESULTS.md, "Idle memory"). Here they stop after the 101.
 *
 * <p>The materialized value completes when the connection stops being HTTP (upgraded, or closed): pekko-http
 * counts only those against {@code max-connections}, an upgraded connection no longer.
 */
public final class ConnectionSwitch
        extends AbstractGraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, CompletionStage<Done>> {
    private static final ByteString SWITCHING = ByteString.fromString("HTTP/1.1 101 ", StandardCharsets.US_ASCII);

    private final Inlet<ByteString> fromNet = Inlet.create("ConnectionSwitch.fromNet");
    private final Outlet<ByteString> toNet = Outlet.create("ConnectionSwitch.toNet");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(fromNet, toNet);
    private final BiFunction<Takeover, Attributes, Flow<ByteString, ByteString, ?>> http;

    /**
     * One instance serves every connection: what is a connection's own (its peer, say) travels as attributes.
     *
     * @param http the HTTP server of one connection, given its stream attributes; its requests must carry the
     *             given takeover ({@link Takeover#KEY})
     */
    public ConnectionSwitch(BiFunction<Takeover, Attributes, Flow<ByteString, ByteString, ?>> http) {
        this.http = http;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<Done>> createLogicAndMaterializedValuePair(Attributes attributes) {
        CompletableFuture<Done> httpDone = new CompletableFuture<>();
        return Pair.create(new Logic(httpDone, attributes), httpDone);
    }

    private final class Logic extends GraphStageLogic implements Takeover {
        private final CompletableFuture<Done> httpDone;
        /** Set from the route's thread; read here once the 101 it preceded comes out of the HTTP server. */
        private volatile Flow<ByteString, ByteString, ?> upgrade;
        /** The connection's HTTP server until preStart runs it; forgotten then, as it is one connection's blueprint. */
        private Flow<ByteString, ByteString, ?> httpServer;
        private Inner inner;

        Logic(CompletableFuture<Done> httpDone, Attributes attributes) {
            super(shape);
            this.httpDone = httpDone;
            this.httpServer = http.apply(this, attributes);
            setHandler(fromNet, new AbstractInHandler() {
                @Override
                public void onPush() {
                    inner.offer();
                }

                @Override
                public void onUpstreamFinish() {
                    inner.offer();
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    if (!inner.toInner.isClosed()) {
                        inner.toInner.fail(failure);
                    }
                }
            });
            setHandler(toNet, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    inner.fromInner.pull();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    inner.fromInner.cancel(cause);
                    inner.toInner.complete();
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            inner = new Inner(httpServer, true);
            httpServer = null;
        }

        @Override
        public void postStop() {
            httpDone.complete(Done.getInstance());
        }

        @Override
        public void upgradeTo(Flow<ByteString, ByteString, ?> bytes) {
            upgrade = bytes;
        }

        /** After the 101: the HTTP server hears no more and ends; the upgrade's flow takes its place. */
        private void switchTo(Flow<ByteString, ByteString, ?> bytes) {
            Inner served = inner;
            inner = new Inner(bytes, false);
            // Its input ends, so the HTTP server ends as after a client's last request, with nothing left to answer.
            // Cancelling its output instead would keep each of its stages for pekko-http's stream-cancellation-delay.
            served.toInner.complete();
            httpDone.complete(Done.getInstance());
            inner.offer(); // bytes the HTTP server asked for and did not take, or the client's end, are the upgrade's
        }

        /**
         * What serves the connection now, as a sub-stream of this stage. Its ports' handlers act only while it
         * is the one: a stopped HTTP server may still emit something as it winds down, which nobody must hear.
         */
        private final class Inner {
            final SubSourceOutlet<ByteString> toInner = new SubSourceOutlet<>("ConnectionSwitch.toInner");
            final SubSinkInlet<ByteString> fromInner = new SubSinkInlet<>("ConnectionSwitch.fromInner");

            Inner(Flow<ByteString, ByteString, ?> flow, boolean http) {
                toInner.setHandler(new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        if (inner == Inner.this) {
                            offer();
                        }
                    }

                    @Override
                    public void onDownstreamFinish(Throwable cause) {
                        if (inner == Inner.this) {
                            cancel(fromNet, cause);
                        }
                    }
                });
                fromInner.setHandler(new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        if (inner != Inner.this) {
                            return;
                        }
                        ByteString bytes = fromInner.grab();
                        push(toNet, bytes);
                        Flow<ByteString, ByteString, ?> next = upgrade;
                        if (http && next != null && bytes.startsWith(SWITCHING, 0)) {
                            upgrade = null;
                            switchTo(next);
                        }
                    }

                    @Override
                    public void onUpstreamFinish() {
                        if (inner == Inner.this) {
                            complete(toNet);
                        }
                    }

                    @Override
                    public void onUpstreamFailure(Throwable failure) {
                        if (inner == Inner.this) {
                            fail(toNet, failure);
                        }
                    }
                });
                Source.fromGraph(toInner.source()).via(flow).runWith(fromInner.sink(), subFusingMaterializer());
            }

            /**
             * Hands the client's next bytes in when both sides are ready, or asks the socket for them; passes the
             * socket's end on once no bytes wait.
             */
            void offer() {
                if (toInner.isClosed()) {
                    return;
                }
                if (isAvailable(fromNet)) {
                    if (toInner.isAvailable()) {
                        toInner.push(grab(fromNet));
                        if (isClosed(fromNet)) {
                            toInner.complete();
                        }
                    }
                } else if (isClosed(fromNet)) {
                    toInner.complete();
                } else if (toInner.isAvailable() && !hasBeenPulled(fromNet)) {
                    pull(fromNet);
                }
            }
        }
    }
}
