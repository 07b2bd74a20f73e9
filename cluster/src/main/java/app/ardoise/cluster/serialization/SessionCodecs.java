package app.ardoise.cluster.serialization;

import app.ardoise.cluster.contract.ToSession;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The codecs of the messages to a session, for those that travel inside a fan-out. Read from ClusterCodecs.ALL on
 * first use, which is after ALL is made: the fan-out's own codec, in ALL, calls here.
 */
final class SessionCodecs {
    private SessionCodecs() {}

    private static final Map<Class<?>, Codec<?, ?>> BY_TYPE = ClusterCodecs.ALL.stream()
            .filter(codec -> ToSession.class.isAssignableFrom(codec.type()))
            .collect(Collectors.toUnmodifiableMap(Codec::type, Function.identity()));
    private static final Map<String, Codec<?, ?>> BY_MANIFEST = BY_TYPE.values().stream()
            .collect(Collectors.toUnmodifiableMap(Codec::manifest, Function.identity()));

    static Codec<?, ?> of(ToSession message) {
        return BY_TYPE.get(message.getClass());
    }

    /** @throws IllegalArgumentException when no message to a session has this manifest */
    static Codec<? extends ToSession, ?> of(String manifest) {
        Codec<?, ?> codec = BY_MANIFEST.get(manifest);
        if (codec == null) {
            throw new IllegalArgumentException("a fan-out holds " + manifest + ", not a message to a session");
        }
        @SuppressWarnings("unchecked")
        Codec<? extends ToSession, ?> forSession = (Codec<? extends ToSession, ?>) codec;
        return forSession;
    }
}
