package app.ardoise.cluster.http;

import app.ardoise.cluster.ws.ConnectionSwitch;
import app.ardoise.cluster.ws.Takeover;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The node's HTTP server: pekko-http's server layer and the route on every connection, as
 * {@code Http().newServerAt(...).bind(route)} has them (the server's settings: idle timeout, backlog,
 * max-connections, pipelining limit, the peer's address on every request), except that each connection runs
 * through a {@link ConnectionSwitch}, so that a WebSocket leaves the HTTP stages behind at its 101.
 */
public final class ServerListener {
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(50);

    /** A connection's TCP peer, which pekko-http gives every request (remote-address-attribute). */
    private record Peer(InetSocketAddress address) implements Attributes.Attribute {}

    private final Tcp.ServerBinding binding;
    /** Requests handed to the route and not yet answered, on every connection: what a shutdown waits for. */
    private final AtomicInteger inFlight;

    private ServerListener(Tcp.ServerBinding binding, AtomicInteger inFlight) {
        this.binding = binding;
        this.inFlight = inFlight;
    }

    /** Serves {@code route} on {@code host:port} (0 for any free port) with the system's pekko.http.server settings. */
    public static CompletionStage<ServerListener> bind(ActorSystem<?> system, String host, int port, Route route) {
        ServerSettings settings = ServerSettings.create(system.classicSystem());
        LoggingAdapter log = system.classicSystem().log();
        Http http = Http.get(system);
        Function<HttpRequest, CompletionStage<HttpResponse>> handler = route.handler(system);
        scala.concurrent.duration.Duration idle = settings.getTimeouts().idleTimeout();
        BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> idleTimeout = idle.isFinite()
                ? BidiFlow.bidirectionalIdleTimeout(Duration.ofNanos(idle.toNanos()))
                : BidiFlow.identity();
        int pipelining = settings.getPipeliningLimit();
        boolean remoteAddressAttribute = settings.getRemoteAddressAttribute();
        // Built once, as pekko-http does: building it primes a header parser that every connection shares.
        BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> server =
                http.serverLayer(settings, Optional.empty(), log).atop(plainText()).atop(idleTimeout);
        AtomicInteger inFlight = new AtomicInteger();
        ConnectionSwitch connections = new ConnectionSwitch((takeover, attributes) -> {
            // The peer goes on each request here, since the shared server layer cannot know it.
            RemoteAddress peer = RemoteAddress.create(attributes.getAttribute(Peer.class).orElseThrow().address());
            return Flow.of(HttpRequest.class)
                    .mapAsync(pipelining, request -> {
                        HttpRequest own = request.addAttribute(Takeover.KEY, takeover);
                        CompletionStage<HttpResponse> response = handler.apply(remoteAddressAttribute
                                ? own.addAttribute(AttributeKeys.remoteAddress, peer) : own);
                        inFlight.incrementAndGet();
                        // On the answering thread: a plain whenComplete on the route's stage (Scala's) would run
                        // as whenCompleteAsync, on a thread of its own where the common pool has one (bench/RESULTS.md).
                        return response.whenCompleteAsync((answered, failure) -> inFlight.decrementAndGet(), Runnable::run);
                    })
                    .join(server);
        });
        return Tcp.get(system).bind(host, port, settings.getBacklog(), settings.getSocketOptions(), false, Optional.empty())
                // As pekko-http: a connection holds a place while it is HTTP; an upgraded one gives it back.
                .mapAsyncUnordered(settings.getMaxConnections(), incoming -> incoming.handleWith(
                        Flow.fromGraph(connections).addAttributes(Attributes.apply(new Peer(incoming.remoteAddress()))),
                        system))
                .toMat(Sink.ignore(), Keep.left())
                .run(system)
                .thenApply(binding -> new ServerListener(binding, inFlight));
    }

    /** No TLS: the node sits behind a proxy that terminates it, as with newServerAt without a context. */
    @SuppressWarnings("unchecked")
    private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> plainText() {
        // The placebo's inbound side yields SessionBytes, an SslTlsInbound, which Java's generics cannot say.
        return (BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed>) (BidiFlow<?, ?, ?, ?, ?>)
                TLSPlacebo.getInstance();
    }

    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    /** Stops accepting connections; those open go on. */
    public CompletionStage<Done> unbind() {
        return binding.unbind().thenApply(unbound -> Done.getInstance());
    }

    /**
     * Stops accepting at service-unbind; at service-requests-done, waits for the requests being answered, at most
     * {@code deadline}. The WebSockets were closed before (session/Drain.java).
     */
    public ServerListener addToCoordinatedShutdown(Duration deadline, ActorSystem<?> system) {
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind", this::unbind);
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-requests-done",
                () -> answered(deadline, system));
        return this;
    }

    private CompletionStage<Done> answered(Duration deadline, ActorSystem<?> system) {
        CompletableFuture<Done> done = new CompletableFuture<>();
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Cancellable poll = system.scheduler().scheduleAtFixedRate(Duration.ZERO, IN_FLIGHT_POLL, () -> {
            if (inFlight.get() == 0 || System.nanoTime() - giveUpAt >= 0) {
                done.complete(Done.getInstance());
            }
        }, system.executionContext());
        return done.whenComplete((ok, failure) -> poll.cancel());
    }
}
