package app.ardoise.media;

import java.util.List;

/**
 * An SDP offer or answer on one of the participant's connections. With the SFU there are only
 * two legal shapes: the browser offers and the SFU answers on the publisher connection; the SFU
 * offers and the browser answers on the subscriber connection.
 *
 * @param trackInfos what the browser declares about the tracks of a publisher offer (screen or
 *     camera, label); the SFU repeats it in the track events others receive. Empty otherwise.
 */
public record Description(Target target, Type type, String sdp, List<TrackInfo> trackInfos) {

    /** The two SDP types the SFU exchanges; rollback and pranswer are not part of its contract. */
    public enum Type {
        OFFER("offer"),
        ANSWER("answer");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** As RTCSessionDescription.type and the SFU spell it. */
        public String wire() {
            return wire;
        }

        static Type fromWire(String wire) {
            for (Type t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("not an offer or answer: " + wire);
        }
    }

    public Description {
        if (target == null || type == null) {
            throw new IllegalArgumentException("a description needs a target and a type");
        }
        TrackInfo.requireText(sdp, "sdp");
        trackInfos = trackInfos == null ? List.of() : List.copyOf(trackInfos);
    }

    public static Description publisherOffer(String sdp, List<TrackInfo> trackInfos) {
        return new Description(Target.PUBLISHER, Type.OFFER, sdp, trackInfos);
    }

    public static Description subscriberAnswer(String sdp) {
        return new Description(Target.SUBSCRIBER, Type.ANSWER, sdp, List.of());
    }
}
