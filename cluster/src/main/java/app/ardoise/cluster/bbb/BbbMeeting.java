package app.ardoise.cluster.bbb;

import app.ardoise.cluster.contract.RoomPresence;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A meeting as the BigBlueButton-compatible API keeps it (the {@code bbb_meetings} table): the Ardoise class it
 * opens, when it was last created, when it was ended through the API (0 if not), and the create call's parameters
 * as sent, with the passwords and voice bridge it made up where none were given.
 */
record BbbMeeting(String meetingId, String roomId, long createTime, long endedAt, Map<String, String> params) {
    private static final Pattern META_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();

    BbbMeeting {
        params = Map.copyOf(params);
    }

    /** A new meeting of {@code roomId} from a create call's parameters. */
    static BbbMeeting created(String meetingId, String roomId, long createTime, BbbQuery create) {
        Map<String, String> params = new LinkedHashMap<>(create.params());
        params.computeIfAbsent("attendeePW", name -> password());
        params.computeIfAbsent("moderatorPW", name -> password());
        params.computeIfAbsent("voiceBridge", name -> String.valueOf(70_000 + RANDOM.nextInt(10_000)));
        return new BbbMeeting(meetingId, roomId, createTime, 0, params);
    }

    private static String password() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            password.append("abcdefghijkmnpqrstuvwxyz23456789".charAt(RANDOM.nextInt(32)));
        }
        return password.toString();
    }

    String name() {
        return param("name").orElse(meetingId);
    }

    String attendeePw() {
        return params.getOrDefault("attendeePW", "");
    }

    String moderatorPw() {
        return params.getOrDefault("moderatorPW", "");
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** A whole-number parameter, 0 when absent or not a number. */
    long number(String name) {
        try {
            return param(name).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The {@code meta_*} parameters, named without the prefix and in lower case as BigBlueButton returns them. A
     * name that cannot be an XML element's is left out of the answer (it stays stored).
     */
    Map<String, String> metadata() {
        Map<String, String> meta = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            String key = name.length() > 5 && name.startsWith("meta_") ? name.substring(5).toLowerCase(Locale.ROOT) : null;
            if (key != null && META_NAME.matcher(key).matches()) {
                meta.put(key, value);
            }
        });
        return meta;
    }

    /** BigBlueButton's: the SHA-1 of the meeting ID, a dash, the create time in milliseconds. */
    String internalMeetingId() {
        return Checksum.of(Checksum.Algorithm.SHA1, "", meetingId, "") + "-" + createTime;
    }

    /** Whether a create with {@code again}'s parameters asks for this same meeting (else: idNotUnique). */
    boolean sameAs(BbbQuery again) {
        return again.get("name").orElse(meetingId).equals(name())
                && again.get("attendeePW").map(attendeePw()::equals).orElse(true)
                && again.get("moderatorPW").map(moderatorPw()::equals).orElse(true);
    }

    /**
     * Whether a create starts this meeting afresh: it was ended through the API, or its class has ended since it was
     * created (a teacher's end inside, the REST API's, the duration). A class ended before it kept when is taken for
     * ended since, as before.
     */
    boolean over(RoomPresence presence) {
        return endedAt > 0 || (presence.ended() && (presence.endedAtMs() == 0 || presence.endedAtMs() >= createTime));
    }

    BbbMeeting ended(long at) {
        return new BbbMeeting(meetingId, roomId, createTime, at, params);
    }
}
