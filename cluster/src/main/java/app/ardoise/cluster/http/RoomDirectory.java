package app.ardoise.cluster.http;

import app.ardoise.cluster.room.Room;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Reaches rooms wherever they live in the cluster. */
public final class RoomDirectory {
    private final ClusterSharding sharding;
    private final Duration askTimeout;

    public RoomDirectory(ClusterSharding sharding, Duration askTimeout) {
        this.sharding = sharding;
        this.askTimeout = askTimeout;
    }

    public EntityRef<Room.Command> room(String roomId) {
        return sharding.entityRefFor(Room.TYPE_KEY, roomId);
    }

    public CompletionStage<Room.Info> info(String roomId) {
        return room(roomId).ask(Room.GetInfo::new, askTimeout);
    }

    public CompletionStage<Room.Info> create(String roomId, String title) {
        return room(roomId).ask(replyTo -> new Room.Create(title, replyTo), askTimeout);
    }
}
