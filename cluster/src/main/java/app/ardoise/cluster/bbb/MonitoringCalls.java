package app.ardoise.cluster.bbb;

import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.http.RoomDirectory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code getMeetingInfo}, {@code isMeetingRunning}, {@code getMeetings} and {@code getRecordings}: reading only. */
final class MonitoringCalls {
    private final BbbMeetings meetings;
    private final RoomDirectory rooms;

    MonitoringCalls(BbbMeetings meetings, RoomDirectory rooms) {
        this.meetings = meetings;
        this.rooms = rooms;
    }

    CompletionStage<BbbAnswer> meetingInfo(BbbQuery query) {
        Optional<String> meetingId = query.get("meetingID");
        if (meetingId.isEmpty()) {
            return CompletableFuture.completedFuture(BbbAnswer.missingMeetingId());
        }
        return meetings.find(meetingId.get()).thenCompose(found -> found
                .map(meeting -> rooms.presence(meeting.roomId()).thenApply(presence -> (BbbAnswer) new BbbAnswer.Xml(
                        MeetingXml.info(BbbXml.success(), meeting, presence).done())))
                .orElseGet(() -> CompletableFuture.completedFuture(BbbAnswer.notFound())));
    }

    /** An unknown meeting is not running: BigBlueButton answers so rather than refusing. */
    CompletionStage<BbbAnswer> isMeetingRunning(BbbQuery query) {
        Optional<String> meetingId = query.get("meetingID");
        if (meetingId.isEmpty()) {
            return CompletableFuture.completedFuture(BbbAnswer.missingMeetingId());
        }
        return meetings.find(meetingId.get()).thenCompose(found -> found
                .map(meeting -> rooms.presence(meeting.roomId()).thenApply(presence -> MeetingXml.running(meeting, presence)))
                .orElseGet(() -> CompletableFuture.completedFuture(false)))
                .thenApply(running -> new BbbAnswer.Xml(BbbXml.success().element("running", running).done()));
    }

    /** The meetings not ended through the API, each as getMeetingInfo gives it. */
    CompletionStage<BbbAnswer> meetings() {
        return meetings.open().thenCompose(open -> {
            List<CompletableFuture<RoomPresence>> presences = open.stream()
                    .map(meeting -> rooms.presence(meeting.roomId()).toCompletableFuture()).toList();
            return CompletableFuture.allOf(presences.toArray(CompletableFuture[]::new)).thenApply(all -> {
                if (open.isEmpty()) {
                    return new BbbAnswer.Xml(BbbXml.success().element("meetings", "")
                            .message("noMeetings", "no meetings were found on this server").done());
                }
                BbbXml xml = BbbXml.success().open("meetings");
                for (int i = 0; i < open.size(); i++) {
                    MeetingXml.info(xml.open("meeting"), open.get(i), presences.get(i).join()).close("meeting");
                }
                return new BbbAnswer.Xml(xml.close("meetings").done());
            });
        });
    }

    /** Ardoise does not record: always none. */
    static BbbAnswer recordings() {
        return new BbbAnswer.Xml(BbbXml.success().element("recordings", "")
                .message("noRecordings", "There are no recordings for the meeting(s).").done());
    }
}
