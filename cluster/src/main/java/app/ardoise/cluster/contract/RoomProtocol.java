package app.ardoise.cluster.contract;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Everything a class's actor handles: the commands of its sessions and of the HTTP API
 * ({@link RoomCommand}), and its own timers and signals, which never leave its node ({@link Internal}).
 */
public sealed interface RoomProtocol permits RoomCommand, RoomProtocol.Internal {
    /** Classes are Cluster Sharding entities of this type, one per class id. */
    EntityTypeKey<RoomProtocol> TYPE_KEY = EntityTypeKey.create(RoomProtocol.class, "Room");

    /** The room's own messages: implemented in the room's package, where its handlers are. */
    non-sealed interface Internal extends RoomProtocol {}
}
