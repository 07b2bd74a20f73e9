package app.ardoise.persistence;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The smallest event-sourced entity that exercises both the journal and the snapshot store: its
 * events are words and its state their sentence, both Strings, which Pekko serializes out of the box.
 */
final class Notebook extends EventSourcedBehavior<Notebook.Command, String, String> {
    sealed interface Command {
    }

    record Write(String word, ActorRef<Done> replyTo) implements Command {
    }

    record Read(ActorRef<String> replyTo) implements Command {
    }

    static Behavior<Command> create(String id) {
        return new Notebook(PersistenceId.ofUniqueId(id));
    }

    private Notebook(PersistenceId id) {
        super(id);
    }

    @Override
    public String emptyState() {
        return "";
    }

    @Override
    public CommandHandler<Command, String, String> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Write.class, (sentence, write) -> Effect().persist(write.word())
                        .thenReply(write.replyTo(), written -> Done.getInstance()))
                .onCommand(Read.class, (sentence, read) -> Effect().reply(read.replyTo(), sentence))
                .build();
    }

    @Override
    public EventHandler<String, String> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onAnyEvent((sentence, word) -> sentence.isEmpty() ? word : sentence + " " + word);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        // So that recovery reads a snapshot and then the events after it.
        return RetentionCriteria.snapshotEvery(2, 1);
    }
}
