package app.ardoise.cluster.serialization;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/** Actor refs as they travel inside cluster messages: as paths that the receiving node resolves. */
final class Refs {
    private final ActorRefResolver resolver;

    Refs(ActorRefResolver resolver) {
        this.resolver = resolver;
    }

    String path(ActorRef<?> ref) {
        return resolver.toSerializationFormat(ref);
    }

    <T> ActorRef<T> resolve(String path) {
        return resolver.resolveActorRef(path);
    }
}
