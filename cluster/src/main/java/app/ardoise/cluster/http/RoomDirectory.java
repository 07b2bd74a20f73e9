package app.ardoise.cluster.http;

import app.ardoise.cluster.contract.ActResult;
import app.ardoise.cluster.contract.BoardReport;
import app.ardoise.cluster.contract.AttendanceReport;
import app.ardoise.cluster.contract.PollReport;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Role;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Reaches rooms wherever they live in the cluster. */
public final class RoomDirectory {
    private final ClusterSharding sharding;
    private static final Duration INFO_ROUND = Duration.ofSeconds(1);
    private final Duration askTimeout;

    public RoomDirectory(ClusterSharding sharding, Duration askTimeout) {
        this.sharding = sharding;
        this.askTimeout = askTimeout;
    }

    public EntityRef<RoomProtocol> room(String roomId) {
        return sharding.entityRefFor(RoomProtocol.TYPE_KEY, roomId);
    }

    /**
     * Asks in rounds of {@link #INFO_ROUND} until {@code askTimeout} runs out. Right after a node crashed,
     * a question about one of its classes goes to the dead node and is lost until the node is removed;
     * asked again after the removal, it waits in the shard region and is answered as soon as the class
     * starts elsewhere. One long ask would keep a reconnecting browser waiting for the whole timeout.
     * GetInfo only reads, so asking twice is harmless.
     */
    public CompletionStage<RoomInfo> info(String roomId) {
        return info(roomId, System.nanoTime() + askTimeout.toNanos());
    }

    private CompletionStage<RoomInfo> info(String roomId, long deadline) {
        long left = deadline - System.nanoTime();
        Duration round = Duration.ofNanos(Math.max(1, Math.min(left, INFO_ROUND.toNanos())));
        return room(roomId).ask(RoomCommand.GetInfo::new, round)
                .handle((info, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedStage(info);
                    }
                    if (isTimeout(failure) && System.nanoTime() < deadline) {
                        return info(roomId, deadline);
                    }
                    return CompletableFuture.<RoomInfo>failedStage(failure);
                })
                .thenCompose(stage -> stage);
    }

    private static boolean isTimeout(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException;
    }

    /** Who is connected now, and their media. */
    public CompletionStage<RoomPresence> presence(String roomId) {
        return room(roomId).ask(RoomCommand.GetPresence::new, askTimeout);
    }

    /** Ends the class for everyone; answers once ClassEnded is written. */
    public CompletionStage<RoomInfo> end(String roomId) {
        return room(roomId).ask(RoomCommand.End::new, askTimeout);
    }

    /** Renews the link of {@code role}; the answer carries its new generation, to sign into the new link. */
    public CompletionStage<RoomInfo> renewLink(String roomId, Role role) {
        return room(roomId).ask(replyTo -> new RoomCommand.RenewLink(role, replyTo), askTimeout);
    }

    /** A teacher's action from the API (RoomAction as a frame); answers once its event is written, or why not. */
    public CompletionStage<ActResult> act(String roomId, ClientFrame action) {
        return room(roomId).ask(replyTo -> new RoomCommand.Act(action, replyTo), askTimeout);
    }

    /** Renames the class; answers once TitleChanged is written. */
    public CompletionStage<RoomInfo> rename(String roomId, String title) {
        return room(roomId).ask(replyTo -> new RoomCommand.Rename(title, replyTo), askTimeout);
    }

    /** Sets the class's locks and entry policy, and posts a welcome unless it is empty; answers once written. */
    public CompletionStage<RoomInfo> configure(String roomId, Locks locks, EntryPolicy entryPolicy, String welcome) {
        return room(roomId).ask(replyTo -> new RoomCommand.Configure(locks, entryPolicy, welcome, replyTo), askTimeout);
    }

    /** Closes everyone out of the class and stops it, to delete its journal next; answers once it has stopped writing. */
    public CompletionStage<RoomInfo> delete(String roomId) {
        return room(roomId).ask(RoomCommand.Delete::new, askTimeout);
    }

    /** One poll's results, as its teachers may see them. */
    public CompletionStage<PollReport> pollResults(String roomId, String pollId) {
        return room(roomId).ask(replyTo -> new RoomCommand.PollResults(pollId, replyTo), askTimeout);
    }

    /** The class's open session's attendance. */
    public CompletionStage<AttendanceReport> attendance(String roomId) {
        return room(roomId).ask(RoomCommand.GetAttendance::new, askTimeout);
    }

    /** The class's board and locks, for its PDF export. */
    public CompletionStage<BoardReport> board(String roomId) {
        return room(roomId).ask(RoomCommand.GetBoard::new, askTimeout);
    }

    /** @param maxParticipants the class's own limit; 0: the deployment's default */
    public CompletionStage<RoomInfo> create(String roomId, String title, int maxParticipants) {
        return room(roomId).ask(replyTo -> new RoomCommand.Create(title, maxParticipants, replyTo), askTimeout);
    }
}
