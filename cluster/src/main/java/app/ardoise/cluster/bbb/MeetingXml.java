package app.ardoise.cluster.bbb;

import app.ardoise.cluster.contract.RoomPresence;
import app.ardoise.protocol.v1.Role;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A meeting's elements as BigBlueButton's create, getMeetingInfo and getMeetings answer them. */
final class MeetingXml {
    /**
     * As BigBlueButton's Java servers print a date (Date#toString), in UTC. The zone is the region "UTC", not the
     * offset: an offset's name is "Z", which Date#toString never prints.
     */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US)
            .withZone(ZoneId.of("UTC"));

    private MeetingXml() {}

    /** Running: created, not ended, someone in it, as BigBlueButton counts a meeting running once a user joined. */
    static boolean running(BbbMeeting meeting, RoomPresence presence) {
        return meeting.endedAt() == 0 && presence.exists() && !presence.ended() && !presence.present().isEmpty();
    }

    /** What create answers after the returncode. */
    static BbbXml created(BbbXml xml, BbbMeeting meeting, RoomPresence presence) {
        return xml.element("meetingID", meeting.meetingId())
                .element("internalMeetingID", meeting.internalMeetingId())
                .element("parentMeetingID", "bbb-none")
                .element("attendeePW", meeting.attendeePw())
                .element("moderatorPW", meeting.moderatorPw())
                .element("createTime", meeting.createTime())
                .element("voiceBridge", meeting.params().getOrDefault("voiceBridge", ""))
                .element("dialNumber", meeting.params().getOrDefault("dialNumber", ""))
                .element("createDate", DATE.format(Instant.ofEpochMilli(meeting.createTime())))
                .element("hasUserJoined", !presence.present().isEmpty())
                .element("duration", meeting.number("duration"))
                .element("hasBeenForciblyEnded", meeting.endedAt() > 0);
    }

    /** What getMeetingInfo answers after the returncode, and each of getMeetings' meetings. */
    static BbbXml info(BbbXml xml, BbbMeeting meeting, RoomPresence presence) {
        var present = presence.present();
        long voice = present.stream().filter(RoomPresence.Present::microphone).count();
        long listening = present.stream().filter(p -> p.inMedia() && !p.microphone()).count();
        long video = present.stream().filter(RoomPresence.Present::camera).count();
        long moderators = present.stream().filter(p -> p.role() == Role.ROLE_TEACHER).count();
        xml.element("meetingName", presence.exists() && !presence.title().isEmpty() ? presence.title() : meeting.name())
                .element("meetingID", meeting.meetingId())
                .element("internalMeetingID", meeting.internalMeetingId())
                .element("createTime", meeting.createTime())
                .element("createDate", DATE.format(Instant.ofEpochMilli(meeting.createTime())))
                .element("voiceBridge", meeting.params().getOrDefault("voiceBridge", ""))
                .element("dialNumber", meeting.params().getOrDefault("dialNumber", ""))
                .element("attendeePW", meeting.attendeePw())
                .element("moderatorPW", meeting.moderatorPw())
                .element("running", running(meeting, presence))
                .element("duration", meeting.number("duration"))
                .element("hasUserJoined", !present.isEmpty())
                .element("recording", false)
                .element("hasBeenForciblyEnded", meeting.endedAt() > 0)
                .element("startTime", meeting.createTime())
                .element("endTime", meeting.endedAt())
                .element("participantCount", present.size())
                .element("listenerCount", listening)
                .element("voiceParticipantCount", voice)
                .element("videoCount", video)
                .element("maxUsers", meeting.number("maxParticipants"))
                .element("moderatorCount", moderators)
                .open("attendees");
        for (RoomPresence.Present p : present) {
            boolean teacher = p.role() == Role.ROLE_TEACHER;
            xml.open("attendee")
                    .element("userID", p.id())
                    .element("fullName", p.name())
                    .element("role", teacher ? "MODERATOR" : "VIEWER")
                    .element("isPresenter", teacher)
                    .element("isListeningOnly", p.inMedia() && !p.microphone())
                    .element("hasJoinedVoice", p.microphone())
                    .element("hasVideo", p.camera())
                    .element("clientType", "HTML5")
                    .close("attendee");
        }
        xml.close("attendees").open("metadata");
        meeting.metadata().forEach(xml::element);
        return xml.close("metadata").element("isBreakout", false);
    }
}
