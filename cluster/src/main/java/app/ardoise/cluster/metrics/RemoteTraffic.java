package app.ardoise.cluster.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What this node's classes send sessions of other nodes, counted where it is encoded for the wire: the cluster
 * serializer encodes a message only when it leaves the node, so these are remote messages and their bytes.
 */
public final class RemoteTraffic implements Extension {
    private static final ExtensionId<RemoteTraffic> ID = new ExtensionId<>() {
        @Override
        public RemoteTraffic createExtension(ActorSystem<?> system) {
            return new RemoteTraffic();
        }
    };

    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private RemoteTraffic() {}

    public static RemoteTraffic get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** One message from a class to another node's session, or to its relay, of this many bytes. */
    public void sent(int length) {
        messages.increment();
        bytes.add(length);
    }

    public void meter(MeterRegistry registry) {
        FunctionCounter.builder("ardoise_room_remote_messages", messages, LongAdder::sum)
                .description("Messages from this node's classes to sessions on other nodes (one per node per write"
                        + " when they go through the nodes' relays)")
                .register(registry);
        FunctionCounter.builder("ardoise_room_remote_bytes", bytes, LongAdder::sum)
                .description("Bytes of those messages, as encoded for the wire")
                .register(registry);
    }
}
