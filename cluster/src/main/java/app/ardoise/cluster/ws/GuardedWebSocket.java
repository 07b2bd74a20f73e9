package app.ardoise.cluster.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.WebSocket;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Accepts a WebSocket upgrade with a limit on incoming message size and a {@link WebSocketCloser}, neither of
 * which pekko-http's public API offers (akka/akka-http#2458), and runs the connection's messages through
 * {@link WebSocketEndpoint} rather than pekko-http's message layer. The application still sees plain
 * {@link Message} flows.
 *
 * <p>The connection leaves pekko-http's server pipeline at the 101: the request's {@link Takeover} (the server
 * runs every connection through {@link ConnectionSwitch}) gets the connection's bytes, which pekko-http's frame
 * parser and renderer turn into frames for the endpoint. Those two are all of pekko-http that a WebSocket keeps.
 * pekko-http has already checked the handshake when the request carries {@code AttributeKeys.webSocketUpgrade}.
 *
 * <p>This is the only code that touches pekko-http internals, written against pekko-http 1.3.0; re-read
 * {@code WebSocket.framing} and {@code FrameEvent} before moving to another version. What it relies on: the
 * parser gives frame events still masked as the client sent them, and the renderer writes what it is given as
 * is. The keep-alive period is the server's {@code pekko.http.server.websocket.periodic-keep-alive-max-idle},
 * read from the system's configuration as {@code Http().newServerAt} does when given no settings.
 */
public final class GuardedWebSocket {
    /** RFC 6455, 4.2.2: what the client's key is hashed with to prove that the server speaks WebSocket. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * The whole graph of a connection, from its bytes to its messages, built once and shared by every
     * connection: a blueprint is immutable and each materialization gets its own stages, while building it
     * per connection left a copy of it (traversal nodes, attributes, Scala lists) in the heap of every open
     * connection. What differs between connections travels as stream attributes.
     */
    private final Flow<ByteString, ByteString, NotUsed> connections;

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
        Flow<FrameEvent, FrameEvent, NotUsed> frames = BidiFlow.fromGraph(new WebSocketEndpoint(keepAlive))
                .join(Flow.fromGraph(messages));
        this.connections = BidiFlow.fromGraph(WebSocket.framing()).join(frames);
    }

    /**
     * The 101 response that runs {@code messages} on this upgrade's connection. An incoming message longer
     * than {@code maxMessageBytes} closes the connection with 1009 before it reaches {@code messages}.
     *
     * @param request a request that carries {@code AttributeKeys.webSocketUpgrade}, served by {@link ConnectionSwitch}
     * @param closer  a closer not used for any other connection
     */
    public static HttpResponse upgrade(HttpRequest request, Flow<Message, Message, ?> messages,
                                       int maxMessageBytes, WebSocketCloser closer,
                                       ClassicActorSystemProvider system) {
        return new GuardedWebSocket(system, scalaMessages(messages))
                .accept(request, maxMessageBytes, closer, ConnectionWatch.NONE, Attributes.none());
    }

    /**
     * As {@link #upgrade}, with this instance's shared message graph.
     *
     * @param watch      told when the connection's stream starts and ends
     * @param connection what the message graph needs of this connection, as attributes
     */
    public HttpResponse accept(HttpRequest request, int maxMessageBytes, WebSocketCloser closer,
                               ConnectionWatch watch, Attributes connection) {
        Takeover takeover = request.getAttribute(Takeover.KEY).orElseThrow(() -> new IllegalArgumentException(
                "a WebSocket is accepted on a connection served by ConnectionSwitch only"));
        String key = request.getHeader("Sec-WebSocket-Key").map(HttpHeader::value).orElseThrow(
                () -> new IllegalArgumentException("not a WebSocket upgrade: no Sec-WebSocket-Key"));
        // Wraps the shared blueprint: the only per-connection part is this attribute list.
        Attributes own = Attributes.apply(new WebSocketEndpoint.Connection(maxMessageBytes, closer, watch)).and(connection);
        takeover.upgradeTo(connections.addAttributes(own));
        return HttpResponse.create()
                .withStatus(StatusCodes.SWITCHING_PROTOCOLS)
                .addHeader(RawHeader.create("Upgrade", "websocket"))
                .addHeader(Connection.create("Upgrade"))
                .addHeader(RawHeader.create("Sec-WebSocket-Accept", accept(key)));
    }

    private static String accept(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
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
