package app.ardoise.media;

/**
 * One trickled ICE candidate. {@code init} is the JSON of an RTCIceCandidateInit exactly as the
 * browser's {@code JSON.stringify(candidate)} makes it and as the SFU expects it; the bridge
 * relays it untouched, so nothing in the JVM needs to understand candidate syntax.
 */
public record IceCandidate(Target target, String init) {

    public IceCandidate {
        if (target == null) {
            throw new IllegalArgumentException("a candidate needs an explicit target");
        }
        TrackInfo.requireText(init, "init");
    }
}
