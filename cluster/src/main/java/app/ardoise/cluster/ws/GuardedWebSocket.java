package app.ardoise.cluster.ws;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameHeader;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * Accepts a WebSocket upgrade with a limit on incoming message size and a {@link WebSocketCloser}, neither of
 * which pekko-http's public API offers (akka/akka-http#2458). The application still sees plain
 * {@link Message} flows.
 *
 * <p>This is the only code that touches pekko-http internals, written against pekko-http 1.3.0; re-read
 * {@code Handshake.Server.buildResponse} and {@code WebSocket.stack} before moving to another version. What
 * it relies on, as of 1.3.0:
 * <ul>
 *   <li>on the server the request's {@code WebSocketUpgrade} is an {@code UpgradeToWebSocketLowLevel}, whose
 *       {@code handleFrames} runs our flow right on top of {@code WebSocket.framing}: it receives parsed
 *       frame events, still masked as the client sent them, and what it emits is rendered as is, so a frame
 *       of our own must be unmasked;</li>
 *   <li>{@code handleMessages} is {@code WebSocket.stack(serverSide = true, ...)} joined with the message
 *       flow, with the server's WebSocket settings and a 3 s close timeout: the same stack is rebuilt here,
 *       with the guard under it, so pings, the close handshake and message assembly are pekko-http's own.</li>
 * </ul>
 * The server's settings are read from the system's configuration, as {@code Http().newServerAt} does when
 * given none.
 */
public final class GuardedWebSocket {
    private static final FiniteDuration STACK_CLOSE_TIMEOUT = FiniteDuration.create(3, TimeUnit.SECONDS);

    /**
     * The whole graph of a connection, guard, pekko-http's stack and the messages, built once and shared by
     * every connection: a blueprint is immutable and each materialization gets its own stages, while building
     * it per connection left a copy of it (traversal nodes, attributes, Scala lists) in the heap of every open
     * connection. What differs between connections travels as stream attributes.
     */
    private final Flow<FrameEvent, FrameEvent, Object> frames;

    /**
     * Reads the server's WebSocket settings from the system's configuration, once.
     *
     * @param messages the application's side of every connection; it finds what is its own to each
     *                 connection among the attributes given to {@link #accept}
     */
    public GuardedWebSocket(ClassicActorSystemProvider system,
                            Graph<FlowShape<org.apache.pekko.http.scaladsl.model.ws.Message,
                                    org.apache.pekko.http.scaladsl.model.ws.Message>, ?> messages) {
        ServerSettings settings = (ServerSettings) ServerSettings.apply(system);
        var stack = WebSocket$.MODULE$.stack(true, settings.websocketSettings(), STACK_CLOSE_TIMEOUT,
                Logging.getLogger(system.classicSystem(), GuardedWebSocket.class));
        this.frames = BidiFlow.fromGraph(new FrameGuard<>(new PekkoFrames()))
                .atop(BidiFlow.fromGraph(stack))
                .join(Flow.fromGraph(messages))
                .mapMaterializedValue(notUsed -> (Object) notUsed);
    }

    /**
     * The 101 response that runs {@code messages} on this upgrade's connection. An incoming message longer
     * than {@code maxMessageBytes} closes the connection with 1009 before it reaches {@code messages}.
     *
     * @param upgrade the request's {@code AttributeKeys.webSocketUpgrade}, as the pekko-http server made it
     * @param closer  a closer not used for any other connection
     */
    public static HttpResponse upgrade(WebSocketUpgrade upgrade, Flow<Message, Message, ?> messages,
                                       int maxMessageBytes, WebSocketCloser closer,
                                       ClassicActorSystemProvider system) {
        return new GuardedWebSocket(system, scalaMessages(messages))
                .accept(upgrade, maxMessageBytes, closer, Attributes.none());
    }

    /**
     * As {@link #upgrade}, with this instance's shared message graph.
     *
     * @param connection what the message graph needs of this connection, as attributes
     */
    public HttpResponse accept(WebSocketUpgrade upgrade, int maxMessageBytes, WebSocketCloser closer,
                               Attributes connection) {
        if (!(upgrade instanceof UpgradeToWebSocketLowLevel server)) {
            throw new IllegalArgumentException("not an upgrade made by the pekko-http server: " + upgrade);
        }
        // Wraps the shared blueprint: the only per-connection part is this attribute list.
        Attributes own = Attributes.apply(new FrameGuard.Connection(maxMessageBytes, closer)).and(connection);
        return server.handleFrames(frames.addAttributes(own), Option.empty());
    }

    private static Flow<org.apache.pekko.http.scaladsl.model.ws.Message,
            org.apache.pekko.http.scaladsl.model.ws.Message, NotUsed> scalaMessages(
            Flow<Message, Message, ?> messages) {
        return Flow.<org.apache.pekko.http.scaladsl.model.ws.Message>create()
                .map(Message::adapt)
                .via(messages)
                .map(Message::asScala);
    }

    /** Pekko-http's frame events as the guard sees them. Opcodes are RFC 6455's numbers. */
    private static final class PekkoFrames implements WireFrames<FrameEvent> {
        @Override
        public Header header(FrameEvent event) {
            if (!(event instanceof FrameStart start)) {
                return null;
            }
            FrameHeader header = start.header();
            return new Header(kind(header.opcode().code()), header.length(), header.fin());
        }

        @Override
        public boolean endsFrame(FrameEvent event) {
            return event.lastPart();
        }

        @Override
        public FrameEvent closeFrame(CloseRequest request) {
            return FrameEvent.closeFrame(request.code(), request.reason(), Option.empty());
        }

        private static Kind kind(byte opcode) {
            return switch (opcode) {
                case 0x0 -> Kind.CONTINUATION;
                case 0x1, 0x2 -> Kind.MESSAGE_START;
                case 0x8 -> Kind.CLOSE;
                default -> Kind.OTHER;
            };
        }
    }
}
