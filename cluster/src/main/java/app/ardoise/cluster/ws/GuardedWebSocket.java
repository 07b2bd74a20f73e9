package app.ardoise.cluster.ws;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
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

/**
 * Accepts a WebSocket upgrade with a limit on incoming message size and a {@link WebSocketCloser}, neither of
 * which pekko-http's public API offers (akka/akka-http#2458), and runs the connection's messages through
 * {@link WebSocketEndpoint} rather than pekko-http's message layer. The application still sees plain
 * {@link Message} flows.
 *
 * <p>This is the only code that touches pekko-http internals, written against pekko-http 1.3.0; re-read
 * {@code UpgradeToWebSocketLowLevel}, {@code WebSocket.framing} and {@code FrameEvent} before moving to another
 * version. What it relies on, as of 1.3.0: on the server the request's {@code WebSocketUpgrade} is an
 * {@code UpgradeToWebSocketLowLevel}, whose {@code handleFrames} runs our flow right on top of the frame
 * parser and renderer: it receives parsed frame events, still masked as the client sent them, and what it
 * emits is rendered as is. The keep-alive period is the server's
 * {@code pekko.http.server.websocket.periodic-keep-alive-max-idle}, read from the system's configuration
 * as {@code Http().newServerAt} does when given no settings.
 */
public final class GuardedWebSocket {
    /**
     * The whole graph of a connection, endpoint and messages, built once and shared by every connection: a
     * blueprint is immutable and each materialization gets its own stages, while building it per connection
     * left a copy of it (traversal nodes, attributes, Scala lists) in the heap of every open connection. What
     * differs between connections travels as stream attributes.
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
        scala.concurrent.duration.Duration idle = settings.websocketSettings().periodicKeepAliveMaxIdle();
        Duration keepAlive = idle.isFinite() ? Duration.ofNanos(idle.toNanos()) : null;
        this.frames = BidiFlow.fromGraph(new WebSocketEndpoint(keepAlive))
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
                .accept(upgrade, maxMessageBytes, closer, ConnectionWatch.NONE, Attributes.none());
    }

    /**
     * As {@link #upgrade}, with this instance's shared message graph.
     *
     * @param watch      told when the connection's stream starts and ends
     * @param connection what the message graph needs of this connection, as attributes
     */
    public HttpResponse accept(WebSocketUpgrade upgrade, int maxMessageBytes, WebSocketCloser closer,
                               ConnectionWatch watch, Attributes connection) {
        if (!(upgrade instanceof UpgradeToWebSocketLowLevel server)) {
            throw new IllegalArgumentException("not an upgrade made by the pekko-http server: " + upgrade);
        }
        // Wraps the shared blueprint: the only per-connection part is this attribute list.
        Attributes own = Attributes.apply(new WebSocketEndpoint.Connection(maxMessageBytes, closer, watch)).and(connection);
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
}
