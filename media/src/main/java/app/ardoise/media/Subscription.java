package app.ardoise.media;

/**
 * One entry of a subscription request: start or stop receiving a track, or keep it subscribed
 * but not forwarded ({@code muted}, which costs no renegotiation when lifted).
 */
public record Subscription(String trackId, boolean subscribe, boolean muted) {

    public Subscription {
        TrackInfo.requireText(trackId, "trackId");
    }

    public static Subscription receive(String trackId) {
        return new Subscription(trackId, true, false);
    }

    public static Subscription receiveMuted(String trackId) {
        return new Subscription(trackId, true, true);
    }

    public static Subscription stop(String trackId) {
        return new Subscription(trackId, false, false);
    }
}
