package app.ardoise.cluster.bbb;

import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.cluster.http.RoomDirectory;
import app.ardoise.cluster.http.RoomIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code create}: a new meetingID opens a new Ardoise class titled with {@code name}; the same meetingID again
 * answers the same meeting (duplicateWarning), or idNotUnique when its name or a password differs. The first create
 * after the meeting ended starts it afresh in the same class, with a new createTime: an LMS activity keeps its
 * class, board and all, from one session to the next. Creates after that one answer the meeting it started, as
 * BigBlueButton's do, whether anyone has joined yet or not: Moodle joins with the createTime its create was
 * answered, and two teachers' creates a moment apart must not start two meetings.
 */
final class CreateCall {
    static final int MAX_MEETING_ID = 256;
    private static final int MAX_TITLE = 200;

    private final ActorSystem<?> system;
    private final BbbMeetings meetings;
    private final RoomDirectory rooms;
    private final EndCall end;
    private final Clock clock;

    CreateCall(ActorSystem<?> system, BbbMeetings meetings, RoomDirectory rooms, EndCall end, Clock clock) {
        this.system = system;
        this.meetings = meetings;
        this.rooms = rooms;
        this.end = end;
        this.clock = clock;
    }

    CompletionStage<BbbAnswer> create(BbbQuery query) {
        Optional<String> meetingId = query.get("meetingID");
        if (meetingId.isEmpty()) {
            return done(BbbAnswer.missingMeetingId());
        }
        if (meetingId.get().length() < 2 || meetingId.get().length() > MAX_MEETING_ID) {
            return done(BbbAnswer.failed("sizeError", "The meeting ID must be between 2 and " + MAX_MEETING_ID + " characters"));
        }
        return meetings.find(meetingId.get()).thenCompose(found -> found
                .map(meeting -> rooms.presence(meeting.roomId()).thenCompose(presence -> again(meeting, presence, query)))
                .orElseGet(() -> fresh(meetingId.get(), query)));
    }

    /**
     * The meeting's row first, then its class: a create that loses the race for a new meetingID answers as a
     * repeated one, and a row whose class was never made gets it at the next create (see again).
     */
    private CompletionStage<BbbAnswer> fresh(String meetingId, BbbQuery query) {
        BbbMeeting meeting = BbbMeeting.created(meetingId, RoomIds.next(), clock.millis(), query);
        return meetings.add(meeting).thenCompose(added -> added
                ? rooms.create(meeting.roomId(), title(meeting), maxParticipants(meeting))
                        .thenCompose(info -> configure(meeting))
                        .thenCompose(info -> started(meeting, ""))
                : meetings.find(meetingId).thenCompose(found -> found
                        .map(other -> rooms.presence(other.roomId()).thenCompose(presence -> again(other, presence, query)))
                        .orElseGet(() -> done(notUnique()))));
    }

    private CompletionStage<BbbAnswer> again(BbbMeeting meeting, RoomPresence presence, BbbQuery query) {
        if (meeting.over(presence)) {
            return renewed(meeting, presence, query);
        }
        if (!presence.exists()) {
            // The create that added the row is making its class now (or failed half-way): made here if need be;
            // Create is answered alike whether it made the class or found it.
            return rooms.create(meeting.roomId(), title(meeting), maxParticipants(meeting)).thenCompose(info -> repeated(meeting, query));
        }
        return repeated(meeting, query);
    }

    /**
     * The row first, as for a new meetingID: a create that loses the race answers the meeting the winner started.
     * The createTime comes after the class's end even if this node's clock is behind the class's, so that the next
     * create does not take the class's end for one of this new meeting.
     */
    private CompletionStage<BbbAnswer> renewed(BbbMeeting meeting, RoomPresence presence, BbbQuery query) {
        long createTime = Math.max(clock.millis(), presence.endedAtMs() + 1);
        BbbMeeting renewed = BbbMeeting.created(meeting.meetingId(), meeting.roomId(), createTime, query);
        return meetings.renew(meeting, renewed).thenCompose(claimed -> {
            if (!claimed) {
                return meetings.find(meeting.meetingId())
                        .thenCompose(found -> found.map(now -> repeated(now, query)).orElseGet(() -> done(notUnique())));
            }
            CompletionStage<?> room = presence.exists() ? CompletableFuture.completedFuture(null)
                    : rooms.create(meeting.roomId(), title(renewed), maxParticipants(renewed));
            return room.thenCompose(created -> configure(renewed)).thenCompose(configured -> started(renewed, ""));
        });
    }

    private CompletionStage<BbbAnswer> repeated(BbbMeeting meeting, BbbQuery query) {
        if (!meeting.sameAs(query)) {
            return done(notUnique());
        }
        return started(meeting, "duplicateWarning");
    }

    private static BbbAnswer notUnique() {
        return BbbAnswer.failed("idNotUnique", "A meeting already exists with that meeting ID. Please use a different meeting ID.");
    }

    private CompletionStage<RoomInfo> configure(BbbMeeting meeting) {
        ClassSettings settings = ClassSettings.of(meeting);
        return rooms.configure(meeting.roomId(), settings.locks(), settings.entryPolicy(), settings.welcome());
    }

    private CompletionStage<BbbAnswer> started(BbbMeeting meeting, String messageKey) {
        long minutes = meeting.number("duration");
        if (messageKey.isEmpty() && minutes > 0) {
            system.scheduler().scheduleOnce(Duration.ofMinutes(minutes), () -> end.expire(meeting), system.executionContext());
        }
        return rooms.presence(meeting.roomId()).thenApply(presence -> new BbbAnswer.Xml(
                MeetingXml.created(BbbXml.success(), meeting, presence)
                        .message(messageKey, messageKey.isEmpty() ? ""
                                : "This conference was already in existence and may currently be in progress.")
                        .done()));
    }

    private static String title(BbbMeeting meeting) {
        String name = meeting.name().strip();
        return name.length() > MAX_TITLE ? name.substring(0, MAX_TITLE) : name;
    }

    /**
     * BigBlueButton's maxParticipants as the class's own limit, which the room bounds by the deployment's; 0 (no
     * limit in BigBlueButton) leaves the deployment's default.
     */
    private static int maxParticipants(BbbMeeting meeting) {
        return (int) Math.min(Math.max(0, meeting.number("maxParticipants")), Integer.MAX_VALUE);
    }

    private static CompletionStage<BbbAnswer> done(BbbAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
