package app.ardoise.cluster.http;

import app.ardoise.cluster.retention.ClassRetentions;
import app.ardoise.cluster.retention.RetentionDurations;
import app.ardoise.protocol.v1.ClassRetention;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's own retention of its events (ClassRetentions), for whoever ClassDataApi let through: a ClassRetention
 * body whose {@code events} is a duration up to the deployment's maximum, or empty to go back to the deployment's.
 * Anything else is 400 invalid_retention and changes nothing.
 */
final class RetentionRoute extends AllDirectives {
    private final ClassRetentions retentions;
    private final Duration max;
    private final ClassCreation bodies;

    RetentionRoute(ClassRetentions retentions, Duration max, ClassCreation bodies) {
        this.retentions = retentions;
        this.max = max;
        this.bodies = bodies;
    }

    Route set(String roomId) {
        return bodies.body(body -> {
            ClassRetention asked;
            try {
                asked = JsonBodies.parse(body, ClassRetention.newBuilder()).build();
            } catch (InvalidProtocolBufferException e) {
                return invalid();
            }
            if (asked.getEvents().isBlank()) {
                return onSuccess(retentions.clear(roomId), done -> answer(Optional.empty()));
            }
            Optional<Duration> events = RetentionDurations.parse(asked.getEvents()).filter(given -> given.compareTo(max) <= 0);
            if (events.isEmpty()) {
                return invalid();
            }
            return onSuccess(retentions.set(roomId, events.get()), done -> answer(events));
        });
    }

    private Route answer(Optional<Duration> events) {
        return complete(HttpResponse.create().withEntity(JsonBodies.render(ClassRetention.newBuilder()
                .setEvents(events.map(RetentionDurations::format).orElse(""))
                .setMaxEvents(RetentionDurations.format(max))
                .build())));
    }

    private Route invalid() {
        return complete(Problems.response(ProblemType.INVALID_RETENTION, "the body must be JSON like {\"events\": \"30d\"}, "
                + "a duration of at most " + RetentionDurations.format(max) + " (or \"\" for that)"));
    }
}
