package app.ardoise.cluster.serialization;

import java.util.function.Supplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/** Actor refs as they travel inside cluster messages: as paths that the receiving node resolves. */
final class Refs {
    private final ActorRefResolver resolver;
    /** Read when first needed: a serializer may be made before remoting has its address. */
    private final Supplier<Address> here;

    Refs(ActorRefResolver resolver, Supplier<Address> here) {
        this.resolver = resolver;
        this.here = here;
    }

    String path(ActorRef<?> ref) {
        return resolver.toSerializationFormat(ref);
    }

    <T> ActorRef<T> resolve(String path) {
        return resolver.resolveActorRef(path);
    }

    /**
     * A ref as a path from its node's root ({@code /system/session-1a#1234}), for a message that only that node reads:
     * a fan-out names a hundred sessions, and their node's address would be most of its bytes.
     */
    String pathOnItsNode(ActorRef<?> ref) {
        String path = path(ref);
        return path.substring(path.indexOf('/', path.indexOf("://") + 3));
    }

    /** A ref of this node's, from {@link #pathOnItsNode}. */
    <T> ActorRef<T> resolveHere(String pathOnNode) {
        return resolver.resolveActorRef(here.get() + pathOnNode);
    }
}
