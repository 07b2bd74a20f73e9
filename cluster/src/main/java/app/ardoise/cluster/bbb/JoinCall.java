package app.ardoise.cluster.bbb;

import app.ardoise.cluster.http.JoinLinks;
import app.ardoise.cluster.http.RoomDirectory;
import app.ardoise.protocol.v1.JoinLink;
import app.ardoise.protocol.v1.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code join}: the classroom's URL for one person, MODERATOR as the class's teacher, VIEWER as a student. The link
 * token, the display name and where "leave" goes travel in the URL's fragment, which no browser sends to a server:
 * nothing long-lived reaches a log on the way.
 */
final class JoinCall {
    private final BbbMeetings meetings;
    private final RoomDirectory rooms;
    private final JoinLinks links;

    JoinCall(BbbMeetings meetings, RoomDirectory rooms, JoinLinks links) {
        this.meetings = meetings;
        this.rooms = rooms;
        this.links = links;
    }

    CompletionStage<BbbAnswer> join(BbbQuery query) {
        Optional<String> meetingId = query.get("meetingID");
        if (meetingId.isEmpty()) {
            return done(BbbAnswer.missingMeetingId());
        }
        Optional<String> fullName = query.get("fullName");
        if (fullName.isEmpty()) {
            return done(BbbAnswer.failed("missingParamFullName",
                    "You must specify a name for the attendee who will be joining the meeting."));
        }
        return meetings.find(meetingId.get()).thenCompose(found -> found
                .map(meeting -> join(meeting, fullName.get(), query))
                .orElseGet(() -> done(BbbAnswer.failed("invalidMeetingIdentifier",
                        "The meeting ID that you supplied did not match any existing meetings"))));
    }

    private CompletionStage<BbbAnswer> join(BbbMeeting meeting, String fullName, BbbQuery query) {
        if (meeting.endedAt() > 0) {
            return done(BbbAnswer.failed("meetingForciblyEnded", "You can not re-join a meeting that has already been forcibly ended."));
        }
        if (query.get("createTime").filter(time -> !time.equals(String.valueOf(meeting.createTime()))).isPresent()) {
            return done(BbbAnswer.failed("mismatchCreateTimeParam",
                    "The createTime parameter submitted mismatches with the current meeting."));
        }
        Optional<Role> role = role(meeting, query);
        if (role.isEmpty()) {
            return done(BbbAnswer.failed("invalidPassword", "You either did not supply a password or the password supplied "
                    + "is neither the attendee or moderator password for this conference."));
        }
        // Everyone connected counts, moderators included, as a BigBlueButton admin means maxParticipants; the
        // class's own limit, the same number, counts students only and holds those who come by a link without a join.
        long max = meeting.number("maxParticipants");
        return rooms.presence(meeting.roomId()).thenCompose(presence -> {
            if (max > 0 && presence.present().size() >= max) {
                return done(BbbAnswer.failed("maxParticipantsReached", "The number of participants allowed for this meeting has been reached."));
            }
            return rooms.info(meeting.roomId()).thenApply(info -> {
                long generation = role.get() == Role.ROLE_TEACHER ? info.teacherLinkGeneration() : info.studentLinkGeneration();
                JoinLink link = links.link(meeting.roomId(), role.get(), generation);
                String url = link.getUrl() + "&name=" + encode(fullName)
                        + leave(query.get("logoutURL").or(() -> meeting.param("logoutURL"))).map(at -> "&leave=" + encode(at)).orElse("");
                return answer(url, link.getToken(), role.get(), meeting, query);
            });
        });
    }

    /** {@code role} (any case) first, as BigBlueButton 2.6 and later read it; else the legacy password. */
    private static Optional<Role> role(BbbMeeting meeting, BbbQuery query) {
        Optional<String> role = query.get("role").map(value -> value.toUpperCase(Locale.ROOT));
        if (role.isPresent() && (role.get().equals("MODERATOR") || role.get().equals("VIEWER"))) {
            return Optional.of(role.get().equals("MODERATOR") ? Role.ROLE_TEACHER : Role.ROLE_STUDENT);
        }
        return query.get("password").flatMap(password -> password.equals(meeting.moderatorPw()) ? Optional.of(Role.ROLE_TEACHER)
                : password.equals(meeting.attendeePw()) ? Optional.of(Role.ROLE_STUDENT) : Optional.empty());
    }

    /** Only a web page may be where "leave" goes: never a javascript: or data: URL. */
    private static Optional<String> leave(Optional<String> url) {
        return url.filter(text -> {
            try {
                URI uri = new URI(text);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        });
    }

    /**
     * The redirect, or with {@code redirect=false} BigBlueButton's XML, its elements in its order. Ardoise has no
     * user or session of its own before the browser joins the class, so: {@code user_id} is the LMS's
     * {@code userID}, else one made from the join's URL (the class makes its participant id only when the browser
     * joins); {@code session_token} is the link's token, which the {@code url} carries as BigBlueButton's carries
     * its sessionToken; {@code auth_token} means nothing in Ardoise and is an opaque value made from the URL.
     */
    private static BbbAnswer answer(String url, String token, Role role, BbbMeeting meeting, BbbQuery query) {
        if (query.get("redirect").map(value -> value.equalsIgnoreCase("false")).orElse(false)) {
            return new BbbAnswer.Xml(BbbXml.success()
                    .message("successfullyJoined", "You have joined successfully.")
                    .element("meeting_id", meeting.internalMeetingId())
                    .element("user_id", query.get("userID").orElseGet(() -> "w_" + opaque("user_id", url)))
                    .element("auth_token", opaque("auth_token", url))
                    .element("session_token", token)
                    .element("guestStatus", guestStatus(role, meeting))
                    .element("url", url)
                    .done());
        }
        return new BbbAnswer.Redirect(url);
    }

    /**
     * 16 hex digits of a hash of the join's URL, which holds the link's token and the name: nothing of the token
     * can be read back from it, and two joins differ unless they are the same person's within the same second.
     */
    private static String opaque(String purpose, String url) {
        return Checksum.of(Checksum.Algorithm.SHA256, purpose, url, "").substring(0, 16);
    }

    /**
     * As the create's guestPolicy sets the class's entry for students (a teacher may change it inside since):
     * WAIT for the waiting room, DENY for a closed class; teachers always come in.
     */
    private static String guestStatus(Role role, BbbMeeting meeting) {
        if (role == Role.ROLE_TEACHER) {
            return "ALLOW";
        }
        return switch (ClassSettings.entry(meeting.param("guestPolicy"))) {
            case ENTRY_POLICY_ADMIT -> "WAIT";
            case ENTRY_POLICY_CLOSED -> "DENY";
            default -> "ALLOW";
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CompletionStage<BbbAnswer> done(BbbAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
