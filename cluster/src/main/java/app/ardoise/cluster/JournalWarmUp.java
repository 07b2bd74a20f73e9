package app.ardoise.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The journal's read path, run once before a node takes classes. The first class to recover on a node used to
 * start the journal and snapshot-store plugins and prepare their statements itself: a class moved to a node
 * just added paused for that on top of its own recovery (bench/placement-bench). Recovering an entity that has
 * no events goes through all of it and writes nothing. Like the warm-up, it only ever ends early: a journal that
 * fails or does not answer within its time leaves readiness to the journal probe.
 */
final class JournalWarmUp {
    private static final PersistenceId NOTHING_WRITTEN = PersistenceId.ofUniqueId("ardoise-journal-warm-up");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private enum Stop { INSTANCE }

    private JournalWarmUp() {}

    /**
     * Completes once an empty entity has recovered through the node's journal, or could not within 20 s.
     * {@code ardoise_warm_up_journal_seconds} then says how long it took, or -1 if it failed.
     */
    static CompletableFuture<Void> run(ActorSystem<?> system, MeterRegistry meters) {
        // Nanoseconds; -1 once failed, and nothing to say (NaN) before it ends.
        AtomicLong took = new AtomicLong(Long.MIN_VALUE);
        Gauge.builder("ardoise_warm_up_journal_seconds", took,
                        nanos -> nanos.get() == Long.MIN_VALUE ? Double.NaN : nanos.get() < 0 ? -1 : nanos.get() / 1e9)
                .description("How long the start-up recovery of an empty entity through the journal took; -1 if it failed")
                .strongReference(true)
                .register(meters);
        long started = System.nanoTime();
        CompletableFuture<Void> recovered = new CompletableFuture<>();
        ActorRef<Object> entity = system.systemActorOf(new Empty(recovered), "journal-warm-up", Props.empty());
        return recovered.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).handle((done, failure) -> {
            entity.tell(Stop.INSTANCE);
            if (failure == null) {
                took.set(System.nanoTime() - started);
                system.log().info("journal read path warmed up in {} ms", took.get() / 1_000_000);
            } else {
                took.set(-1);
                system.log().warn("journal read path not warmed up: {}", failure.toString());
            }
            return null;
        });
    }

    /** No events, no state of its own: its recovery is the journal's and the snapshot store's reads alone. */
    private static final class Empty extends EventSourcedBehavior<Object, Object, Boolean> {
        private final CompletableFuture<Void> recovered;

        Empty(CompletableFuture<Void> recovered) {
            super(NOTHING_WRITTEN);
            this.recovered = recovered;
        }

        @Override
        public Boolean emptyState() {
            return Boolean.TRUE;
        }

        @Override
        public CommandHandler<Object, Object, Boolean> commandHandler() {
            return newCommandHandlerBuilder().forAnyState().onAnyCommand(command -> Effect().stop());
        }

        @Override
        public EventHandler<Boolean, Object> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state);
        }

        @Override
        public SignalHandler<Boolean> signalHandler() {
            return newSignalHandlerBuilder()
                    .onSignal(RecoveryCompleted.instance(), state -> recovered.complete(null))
                    .onSignal(RecoveryFailed.class, (state, failed) -> recovered.completeExceptionally(failed.getFailure()))
                    .build();
        }
    }
}
