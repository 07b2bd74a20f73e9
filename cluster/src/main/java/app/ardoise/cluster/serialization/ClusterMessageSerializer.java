package app.ardoise.cluster.serialization;

import app.ardoise.cluster.contract.ClusterMessage;
import app.ardoise.cluster.contract.ToNode;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.cluster.metrics.RemoteTraffic;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/** Every {@link ClusterMessage} as its Protobuf twin in cluster.proto, through its codec in {@link ClusterCodecs}. */
public final class ClusterMessageSerializer extends SerializerWithStringManifest {
    private final ExtendedActorSystem system;
    private final Refs refs;
    /** Made on first use: the serializer may be made while the system is still starting. */
    private RemoteTraffic traffic;
    private final Map<Class<?>, Codec<?, ?>> byType = new HashMap<>();
    private final Map<String, Codec<?, ?>> byManifest = new HashMap<>();

    public ClusterMessageSerializer(ExtendedActorSystem system) {
        this.system = system;
        this.refs = new Refs(ActorRefResolver.get(Adapter.toTyped(system)), () -> system.provider().getDefaultAddress());
        for (Codec<?, ?> codec : ClusterCodecs.ALL) {
            if (byType.put(codec.type(), codec) != null || byManifest.put(codec.manifest(), codec) != null) {
                throw new IllegalStateException("two codecs for " + codec.type() + " or manifest " + codec.manifest());
            }
        }
        List<Class<?>> missing = messageTypes().stream().filter(type -> !byType.containsKey(type)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("cluster messages without a codec in ClusterCodecs: " + missing);
        }
    }

    /** Every concrete message type of the sealed {@link ClusterMessage} hierarchy. */
    static List<Class<?>> messageTypes() {
        List<Class<?>> leaves = new ArrayList<>();
        Deque<Class<?>> open = new ArrayDeque<>(List.of(ClusterMessage.class));
        while (!open.isEmpty()) {
            Class<?> type = open.pop();
            if (type.isSealed()) {
                open.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                leaves.add(type);
            }
        }
        return leaves;
    }

    @Override
    public int identifier() {
        return 4_021_201;
    }

    @Override
    public String manifest(Object message) {
        return codecOf(message).manifest();
    }

    @Override
    public byte[] toBinary(Object message) {
        byte[] bytes = codecOf(message).toBinary(message, refs);
        if (message instanceof ToSession || message instanceof ToNode) {
            if (traffic == null) {
                traffic = RemoteTraffic.get(Adapter.toTyped(system));
            }
            traffic.sent(bytes.length);
        }
        return bytes;
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Codec<?, ?> codec = byManifest.get(manifest);
        if (codec == null) {
            throw new NotSerializableException("unknown manifest " + manifest);
        }
        try {
            return codec.fromBinary(bytes, refs);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            NotSerializableException failure = new NotSerializableException("corrupt " + manifest + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private Codec<?, ?> codecOf(Object message) {
        Codec<?, ?> codec = byType.get(message.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("no codec for " + message.getClass());
        }
        return codec;
    }
}
