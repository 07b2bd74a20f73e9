package app.ardoise.media;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link SignalStream} tells its owner: the SFU's replies, translated, and the stream's
 * own life (interrupted, re-joined, closed). A sealed hierarchy so that the session actor that
 * wraps a stream can switch over it exhaustively.
 */
public sealed interface SfuEvent {

    /**
     * The SFU accepted the join. {@code publisherAnswer} answers the offer the join carried; it is
     * empty for a join without one.
     */
    record Joined(Optional<Description> publisherAnswer) implements SfuEvent {}

    /** The SFU refused the join (bad offer, missing ids). The stream is closed; nothing follows. */
    record JoinFailed(SfuError error) implements SfuEvent {}

    /**
     * A description for the browser: the publisher answer to a renegotiation offer, or a
     * subscriber offer after subscriptions changed (which the browser must answer through
     * {@link SignalStream#answerSubscriber}).
     */
    record DescriptionReceived(Description description) implements SfuEvent {}

    /** A candidate of the SFU's, for the browser connection its target names. */
    record CandidateReceived(IceCandidate candidate) implements SfuEvent {}

    /** Tracks of another participant of the same room started ({@code ADD}), changed or ended. */
    record TracksChanged(TrackState state, String participant, List<TrackInfo> tracks) implements SfuEvent {
        public TracksChanged {
            tracks = List.copyOf(tracks);
        }
    }

    enum TrackState {
        ADD,
        UPDATE,
        REMOVE
    }

    /**
     * The answer to a subscription request: empty error when every entry applied. The entries that
     * could be applied were applied even when an error is reported (e.g. 404 for a track gone).
     */
    record SubscriptionResult(Optional<SfuError> error) implements SfuEvent {
        public boolean success() {
            return error.isEmpty();
        }
    }

    /** An error about one request (a malformed candidate, an offer without the right); the stream stays open. */
    record RequestFailed(SfuError error) implements SfuEvent {}

    /**
     * The stream to the SFU broke (SFU restarting, network). The bridge re-joins by itself, with
     * backoff; the browser's peer connections are dead meanwhile and what is sent is dropped.
     */
    record Interrupted(String reason) implements SfuEvent {}

    /**
     * The participant is back in the SFU's session after an {@link Interrupted}. The SFU forgot
     * everything: the browser must build new peer connections and send a new publisher offer
     * (through {@link SignalStream#offerPublisher}), and the room must issue its subscriptions
     * again as the other participants' tracks are announced anew.
     */
    record Rejoined() implements SfuEvent {}

    /** The SFU ended the stream for good; nothing follows. Not sent for {@link SignalStream#leave}. */
    record Closed(CloseReason reason, String detail) implements SfuEvent {}

    enum CloseReason {
        /** The same participant joined the same room on another stream (another tab or node). */
        REPLACED,
        /** An error that a new stream would not cure. */
        FAILED
    }
}
