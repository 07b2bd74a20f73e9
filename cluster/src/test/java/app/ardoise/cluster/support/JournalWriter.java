package app.ardoise.cluster.support;

import app.ardoise.protocol.v1.RoomEvent;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Writes a class's journal directly, through the node's own journal plugin and serializers, as an
 * older version of the room (or a hand-made client it let through) would have left it. Stops once
 * written, so that the real room can then recover the same persistence id.
 */
public final class JournalWriter extends EventSourcedBehavior<JournalWriter.Write, RoomEvent, Long> {
    public record Write(List<RoomEvent> events, ActorRef<Done> replyTo) {}

    private JournalWriter(String roomId) {
        super(PersistenceId.of("Room", roomId));
    }

    /** Appends {@code events} to the journal of class {@code roomId}; returns once they are written. */
    public static void write(ActorSystem<?> system, String roomId, List<RoomEvent> events) {
        ActorRef<Write> writer = system.systemActorOf(new JournalWriter(roomId), "journal-writer-" + roomId,
                org.apache.pekko.actor.typed.Props.empty());
        AskPattern.<Write, Done>ask(writer, replyTo -> new Write(events, replyTo), Duration.ofSeconds(30), system.scheduler())
                .toCompletableFuture().join();
    }

    @Override
    public Long emptyState() {
        return 0L;
    }

    @Override
    public CommandHandler<Write, RoomEvent, Long> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Write.class, write -> Effect().persist(write.events())
                        .thenStop()
                        .thenReply(write.replyTo(), state -> Done.getInstance()))
                .build();
    }

    @Override
    public EventHandler<Long, RoomEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> event.getSeq());
    }
}
