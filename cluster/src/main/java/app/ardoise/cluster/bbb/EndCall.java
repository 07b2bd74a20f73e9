package app.ardoise.cluster.bbb;

import app.ardoise.cluster.http.RoomDirectory;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code end}: ends the class for everyone (every WebSocket closes with 4005, as the REST API's end) and marks the
 * meeting ended. The moderator password, when sent, must be the meeting's. The end callback is not called here but
 * by EndNotices, once the class has written its end, as for any other end: once per end.
 */
final class EndCall {
    private final BbbMeetings meetings;
    private final RoomDirectory rooms;
    private final Clock clock;

    EndCall(BbbMeetings meetings, RoomDirectory rooms, Clock clock) {
        this.meetings = meetings;
        this.rooms = rooms;
        this.clock = clock;
    }

    CompletionStage<BbbAnswer> end(BbbQuery query) {
        Optional<String> meetingId = query.get("meetingID");
        if (meetingId.isEmpty()) {
            return CompletableFuture.completedFuture(BbbAnswer.missingMeetingId());
        }
        return meetings.find(meetingId.get()).thenCompose(found -> {
            if (found.isEmpty() || found.get().endedAt() > 0) {
                return CompletableFuture.completedFuture(BbbAnswer.notFound());
            }
            if (query.get("password").filter(password -> !password.equals(found.get().moderatorPw())).isPresent()) {
                return CompletableFuture.completedFuture(BbbAnswer.failed("invalidPassword",
                        "You must supply the moderator password for this call."));
            }
            return ended(found.get()).thenApply(done -> new BbbAnswer.Xml(BbbXml.success()
                    .message("sentEndMeetingRequest", "A request to end the meeting was sent. Please wait a few seconds, "
                            + "and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.")
                    .done()));
        });
    }

    /** The meeting's duration has run out: ended, unless it was ended or created again since. */
    void expire(BbbMeeting meeting) {
        meetings.find(meeting.meetingId()).thenAccept(now -> now
                .filter(m -> m.endedAt() == 0 && m.createTime() == meeting.createTime())
                .ifPresent(this::ended));
    }

    /**
     * Marks the meeting ended only if it is still as read: an end whose class took long to end must not write over a
     * create that started the meeting again meanwhile (its createTime and passwords), nor over another end.
     */
    CompletionStage<BbbMeeting> ended(BbbMeeting meeting) {
        BbbMeeting ended = meeting.ended(clock.millis());
        return rooms.end(meeting.roomId())
                .thenCompose(info -> meetings.renew(meeting, ended))
                .thenApply(saved -> ended);
    }
}
