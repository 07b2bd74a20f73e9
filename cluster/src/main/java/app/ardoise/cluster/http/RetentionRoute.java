package app.ardoise.cluster.http;

import app.ardoise.cluster.retention.ClassRetentions;
import app.ardoise.cluster.retention.OwnRetention;
import app.ardoise.cluster.retention.RetentionDurations;
import app.ardoise.cluster.retention.RetentionSettings;
import app.ardoise.protocol.v1.ClassRetention;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's own retentions of its events, attendance and recordings (ClassRetentions), for whoever ClassDataApi let
 * through: a ClassRetention body whose keys present are each a duration up to the deployment's for that one, or
 * empty to go back to the deployment's; keys absent are left as they are. Anything else is 400 invalid_retention
 * and changes nothing: every key is checked before the one write.
 */
final class RetentionRoute extends AllDirectives {
    private final ClassRetentions retentions;
    private final RetentionSettings deployment;
    private final ClassCreation bodies;

    RetentionRoute(ClassRetentions retentions, RetentionSettings deployment, ClassCreation bodies) {
        this.retentions = retentions;
        this.deployment = deployment;
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
            List<Optional<ClassRetentions.Change>> changes = new ArrayList<>();
            if (asked.hasEvents()) {
                changes.add(kept(asked.getEvents(), deployment.events()).map(ClassRetentions.Change::events));
            }
            if (asked.hasAttendance()) {
                changes.add(kept(asked.getAttendance(), deployment.attendance()).map(ClassRetentions.Change::attendance));
            }
            if (asked.hasRecordings()) {
                changes.add(kept(asked.getRecordings(), deployment.recordings()).map(ClassRetentions.Change::recordings));
            }
            if (changes.stream().anyMatch(Optional::isEmpty)) {
                return invalid();
            }
            if (changes.isEmpty()) {
                return onSuccess(retentions.find(roomId), this::answer);
            }
            return onSuccess(retentions.change(roomId, changes.stream().map(Optional::get).toList())
                    .thenCompose(done -> retentions.find(roomId)), this::answer);
        });
    }

    /** Empty when invalid; else the change: a duration up to the deployment's, or none ("") for the deployment's. */
    private static Optional<Optional<Duration>> kept(String asked, Duration max) {
        if (asked.isBlank()) {
            return Optional.of(Optional.empty());
        }
        return RetentionDurations.parse(asked).filter(given -> given.compareTo(max) <= 0).map(Optional::of);
    }

    private Route answer(OwnRetention own) {
        Function<Optional<Duration>, String> shown = kept -> kept.map(RetentionDurations::format).orElse("");
        return complete(HttpResponse.create().withEntity(JsonBodies.render(ClassRetention.newBuilder()
                .setEvents(shown.apply(own.events()))
                .setAttendance(shown.apply(own.attendance()))
                .setRecordings(shown.apply(own.recordings()))
                .setMaxEvents(RetentionDurations.format(deployment.events()))
                .setMaxAttendance(RetentionDurations.format(deployment.attendance()))
                .setMaxRecordings(RetentionDurations.format(deployment.recordings()))
                .build())));
    }

    private Route invalid() {
        return complete(Problems.response(ProblemType.INVALID_RETENTION, "the body must be JSON like {\"events\": \"30d\", "
                + "\"attendance\": \"90d\", \"recordings\": \"7d\"}, any of the three, each a duration of at most the "
                + "deployment's (events " + RetentionDurations.format(deployment.events()) + ", attendance "
                + RetentionDurations.format(deployment.attendance()) + ", recordings "
                + RetentionDurations.format(deployment.recordings()) + ") or \"\" for that"));
    }
}
