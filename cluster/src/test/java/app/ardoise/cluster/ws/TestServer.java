package app.ardoise.cluster.ws;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import app.ardoise.cluster.http.ServerListener;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;

/** A real server on 127.0.0.1 (the node's own listener) that answers every WebSocket upgrade through {@link GuardedWebSocket}. */
final class TestServer implements AutoCloseable {
    static final int LIMIT = 64 * 1024;

    /** One accepted WebSocket as the server sees it; {@code terminated} is its message flow's end. */
    record Connection(WebSocketCloser closer, CompletableFuture<Done> terminated) {}

    private final ServerListener binding;
    private final BlockingQueue<Connection> connections;

    private TestServer(ServerListener binding, BlockingQueue<Connection> connections) {
        this.binding = binding;
        this.connections = connections;
    }

    static TestServer start(ActorSystem system, Supplier<Flow<Message, Message, NotUsed>> app) {
        return start(system, app, closer -> { });
    }

    /** {@code beforeUpgrade} gets each connection's closer before its stream exists. */
    static TestServer start(ActorSystem system, Supplier<Flow<Message, Message, NotUsed>> app,
                            Consumer<WebSocketCloser> beforeUpgrade) {
        BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
        Route route = extractRequest(request -> request.getAttribute(AttributeKeys.webSocketUpgrade)
                .map(upgrade -> {
                    WebSocketCloser closer = new WebSocketCloser();
                    beforeUpgrade.accept(closer);
                    CompletableFuture<Done> terminated = new CompletableFuture<>();
                    Flow<Message, Message, NotUsed> messages = app.get().watchTermination((notUsed, done) -> {
                        done.whenComplete((ok, failure) -> {
                            if (failure == null) {
                                terminated.complete(ok);
                            } else {
                                terminated.completeExceptionally(failure);
                            }
                        });
                        return notUsed;
                    });
                    connections.add(new Connection(closer, terminated));
                    return complete(GuardedWebSocket.upgrade(request, messages, LIMIT, closer, system));
                })
                .orElseGet(() -> complete(StatusCodes.BAD_REQUEST, "expected a WebSocket upgrade")));
        ServerListener binding = Await.result(ServerListener.bind(Adapter.toTyped(system), "127.0.0.1", 0, route));
        return new TestServer(binding, connections);
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/ws");
    }

    int port() {
        return binding.localAddress().getPort();
    }

    Connection nextConnection() throws InterruptedException {
        Connection connection = connections.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (connection == null) {
            throw new AssertionError("no WebSocket reached the server within " + Await.TIMEOUT);
        }
        return connection;
    }

    @Override
    public void close() {
        Await.result(binding.unbind());
    }
}
