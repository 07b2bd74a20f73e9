package app.ardoise.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tracks a publisher offer would send, read from its SDP, so that the participant's session
 * can refuse an offer ({@link PublishRights#refused}) before the SFU sees it. Only what the
 * permission check needs: the kind of every media section that sends, and its track id when the
 * section names one.
 */
public final class OfferedTracks {

    /** @param trackId the msid track id; empty when the section names none */
    public record Offered(String trackId, TrackKind kind) {}

    private OfferedTracks() {}

    /**
     * Every sending audio or video section of the offer. A video is a screen when the offer's
     * track infos declare its track a screen capture ({@link TrackKind}); the SDP cannot say so.
     */
    public static List<Offered> of(Description offer) {
        Map<String, TrackInfo> declared =
                offer.trackInfos().stream().collect(Collectors.toMap(TrackInfo::id, Function.identity(), (a, b) -> a));
        List<Offered> out = new ArrayList<>();
        Section section = null;
        String sessionDirection = "sendrecv";
        for (String line : offer.sdp().split("\r?\n")) {
            if (line.startsWith("m=")) {
                add(section, declared, out);
                section = Section.start(line, sessionDirection);
            } else if (section == null) {
                sessionDirection = direction(line, sessionDirection);
            } else {
                section.read(line);
            }
        }
        add(section, declared, out);
        return out;
    }

    private static void add(Section s, Map<String, TrackInfo> declared, List<Offered> out) {
        if (s == null || !s.sends()) {
            return;
        }
        TrackInfo info = declared.get(s.trackId);
        out.add(new Offered(s.trackId, TrackKind.of(s.audio, info == null ? MediaType.UNKNOWN : info.type())));
    }

    private static String direction(String line, String otherwise) {
        return switch (line) {
            case "a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive" -> line.substring(2);
            default -> otherwise;
        };
    }

    /** One m= section, read line by line. */
    private static final class Section {
        final boolean media;
        final boolean audio;
        final boolean rejected;
        String direction;
        String trackId = "";

        private Section(boolean media, boolean audio, boolean rejected, String direction) {
            this.media = media;
            this.audio = audio;
            this.rejected = rejected;
            this.direction = direction;
        }

        static Section start(String mLine, String sessionDirection) {
            String[] f = mLine.substring(2).split(" ");
            boolean audio = f[0].equals("audio");
            boolean media = audio || f[0].equals("video");
            // Port 0: a section the offerer stopped, which sends nothing.
            boolean rejected = f.length > 1 && f[1].equals("0");
            return new Section(media, audio, rejected, sessionDirection);
        }

        void read(String line) {
            direction = direction(line, direction);
            if (line.startsWith("a=msid:")) {
                String[] ids = line.substring("a=msid:".length()).trim().split(" ");
                if (ids.length > 1) {
                    trackId = ids[1];
                }
            } else if (trackId.isEmpty() && line.startsWith("a=ssrc:") && line.contains(" msid:")) {
                String[] ids = line.substring(line.indexOf(" msid:") + " msid:".length()).trim().split(" ");
                if (ids.length > 1) {
                    trackId = ids[1];
                }
            }
        }

        boolean sends() {
            return media && !rejected && (direction.equals("sendrecv") || direction.equals("sendonly"));
        }
    }
}
