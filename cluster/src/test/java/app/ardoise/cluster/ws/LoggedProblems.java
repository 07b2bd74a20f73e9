package app.ardoise.cluster.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.event.Logging;
import org.apache.pekko.pattern.Patterns;

/** Everything logged at warning or error level in an actor system, so a test can require there was none. */
final class LoggedProblems {
    private static final String FLUSH = "flush";

    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final ActorRef collector;

    LoggedProblems(ActorSystem system) {
        collector = system.actorOf(Props.create(Collector.class, () -> new Collector(problems)));
        system.getEventStream().subscribe(collector, Logging.Warning.class);
        system.getEventStream().subscribe(collector, Logging.Error.class);
    }

    /** What was logged so far; the log events published before this call are all in. */
    List<String> drain() {
        Await.result(Patterns.ask(collector, FLUSH, Duration.ofSeconds(5)));
        List<String> drained = new ArrayList<>();
        for (String problem; (problem = problems.poll()) != null; ) {
            drained.add(problem);
        }
        return drained;
    }

    private static final class Collector extends AbstractActor {
        private final Queue<String> problems;

        Collector(Queue<String> problems) {
            this.problems = problems;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Logging.LogEvent.class, event -> problems.add(event.logSource() + ": " + event.message()))
                    .matchEquals(FLUSH, flush -> getSender().tell(flush, getSelf()))
                    .build();
        }
    }
}
