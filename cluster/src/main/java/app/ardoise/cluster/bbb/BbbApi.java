package app.ardoise.cluster.bbb;

import app.ardoise.cluster.http.JoinLinks;
import app.ardoise.cluster.http.RoomDirectory;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /bigbluebutton/api/}: BigBlueButton's HTTP API, so that Moodle, Greenlight and the other BigBlueButton
 * front-ends drive Ardoise with its URL and the shared secret. The root answers without a checksum, as BigBlueButton
 * does (Moodle reads its version there); every call needs a right checksum over its query string, GET or POST alike
 * (a POST's body, BigBlueButton's slides, is read and dropped).
 */
public final class BbbApi extends AllDirectives {
    private final BbbSettings settings;
    private final CreateCall create;
    private final JoinCall join;
    private final EndCall end;
    private final MonitoringCalls monitoring;

    public BbbApi(ActorSystem<?> system, BbbSettings settings, BbbMeetings meetings, RoomDirectory rooms, JoinLinks links,
                  Clock clock) {
        this.settings = settings;
        this.end = new EndCall(meetings, rooms, clock);
        this.create = new CreateCall(system, meetings, rooms, end, clock);
        this.join = new JoinCall(meetings, rooms, links);
        this.monitoring = new MonitoringCalls(meetings, rooms);
        EndNotices.follow(system, meetings, new EndCallback());
    }

    public Route route() {
        return pathPrefix(PathMatchers.segment("bigbluebutton").slash("api"), () -> concat(
                pathEndOrSingleSlash(() -> get(() -> xml(BbbXml.success().element("version", "2.0")
                        .element("apiVersion", "2.0").element("bbbVersion", "").done()))),
                path(PathMatchers.segment(), name -> concat(
                        get(() -> call(name)),
                        post(() -> extractRequestEntity(entity -> extractMaterializer(materializer -> {
                            entity.discardBytes(materializer);
                            return call(name);
                        })))))));
    }

    private Route call(String name) {
        return extractUri(uri -> checked(name, uri));
    }

    private Route checked(String name, Uri uri) {
        String rawQuery = uri.rawQueryString().orElse("");
        if (!known(name)) {
            return xml(BbbXml.failed("unsupportedRequest", "This request is not supported."));
        }
        if (!Checksum.valid(name, rawQuery, settings.secret(), settings.algorithms())) {
            return xml(BbbXml.failed("checksumError", "Checksums do not match"));
        }
        BbbQuery query = BbbQuery.parse(rawQuery);
        CompletionStage<BbbAnswer> answer = switch (name) {
            case "create" -> create.create(query);
            case "join" -> join.join(query);
            case "end" -> end.end(query);
            case "getMeetingInfo" -> monitoring.meetingInfo(query);
            case "isMeetingRunning" -> monitoring.isMeetingRunning(query);
            case "getMeetings" -> monitoring.meetings();
            default -> CompletableFuture.completedFuture(MonitoringCalls.recordings());
        };
        return onSuccess(answer, this::answer);
    }

    private static boolean known(String name) {
        return switch (name) {
            case "create", "join", "end", "getMeetingInfo", "isMeetingRunning", "getMeetings", "getRecordings" -> true;
            default -> false;
        };
    }

    private Route answer(BbbAnswer answer) {
        // A raw header: pekko's Uri would decode the fragment's %26 and %3D, which separate its parameters.
        return answer instanceof BbbAnswer.Redirect redirect
                ? complete(HttpResponse.create().withStatus(StatusCodes.FOUND)
                        .addHeader(RawHeader.create("Location", redirect.location())))
                : xml(((BbbAnswer.Xml) answer).body());
    }

    private Route xml(String body) {
        return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_XML_UTF8, body)));
    }
}
