package app.ardoise.cluster.bbb;

import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Locks;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A create call's lock settings and guest policy, as the Ardoise locks and entry policy a teacher would set. Each
 * create starts the meeting afresh, as BigBlueButton's does: a setting the call leaves out is Ardoise's default
 * (students' microphones and cameras off until a teacher allows them), one sent as false lifts the lock.
 */
record ClassSettings(Locks locks, EntryPolicy entryPolicy, String welcome) {
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern PLACEHOLDER = Pattern.compile("%%(CONFNAME|CONFNUM|DIALNUM)%%");

    static ClassSettings of(BbbMeeting meeting) {
        Locks.Builder locks = Locks.newBuilder();
        flag(meeting, "lockSettingsDisableCam").ifPresent(off -> locks.setStudentsMayUseCamera(!off));
        flag(meeting, "lockSettingsDisableMic").ifPresent(off -> locks.setStudentsMayUseMicrophone(!off));
        // Ardoise's chat lock takes public and private chat together: only the public chat's setting moves it.
        flag(meeting, "lockSettingsDisablePublicChat").ifPresent(locks::setChatLocked);
        flag(meeting, "webcamsOnlyForModerator").ifPresent(only -> locks.setStudentsSeeEachOther(!only));
        return new ClassSettings(locks.build(), entry(meeting.param("guestPolicy")), welcome(meeting));
    }

    /**
     * The welcome as chat text: its HTML reduced to text (a line break stays one), then BigBlueButton's placeholders
     * filled in, cut to a chat message's length. The values go in once the HTML is gone, as they are: they are plain
     * text, and a name such as "Histoire & <Géo>" would otherwise lose its "<Géo>" as a tag.
     */
    static String welcome(BbbMeeting meeting) {
        String template = TAG.matcher(meeting.param("welcome").orElse("").replaceAll("(?i)<br\\s*/?>", "\n")).replaceAll("")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("[ \t]+", " ").replaceAll(" *\n *", "\n").strip();
        // In one pass, so that a value holding a placeholder's text is not filled in in turn.
        String text = PLACEHOLDER.matcher(template).replaceAll(found -> Matcher.quoteReplacement(switch (found.group(1)) {
            case "CONFNAME" -> meeting.name();
            case "CONFNUM" -> meeting.params().getOrDefault("voiceBridge", "");
            default -> meeting.params().getOrDefault("dialNumber", "");
        }));
        return text.length() > Limits.MAX_CHAT_CHARS ? text.substring(0, Limits.MAX_CHAT_CHARS) : text;
    }

    /** ASK_MODERATOR is the waiting room; ALWAYS_DENY a closed class; anything else lets everyone in. */
    static EntryPolicy entry(Optional<String> guestPolicy) {
        return switch (guestPolicy.orElse("").toUpperCase(Locale.ROOT)) {
            case "ASK_MODERATOR" -> EntryPolicy.ENTRY_POLICY_ADMIT;
            case "ALWAYS_DENY" -> EntryPolicy.ENTRY_POLICY_CLOSED;
            default -> EntryPolicy.ENTRY_POLICY_OPEN;
        };
    }

    private static Optional<Boolean> flag(BbbMeeting meeting, String name) {
        return meeting.param(name).map(value -> value.equalsIgnoreCase("true"));
    }
}
