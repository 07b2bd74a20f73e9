package app.ardoise.media;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link SignalStream} tells its owner: the SFU's replies, translated, and the stream's
 * own life (interrupted, re-joined, closed). Sealed, and read through a {@link Visitor}: Java 17
 * has no pattern switch, and an {@code instanceof} chain would compile on with a new event and drop
 * it. With the visitor, a new event does not compile until it has its own method, and then every
 * visitor fails to compile until it handles it.
 */
public sealed interface SfuEvent {

    /** Calls the visitor's method for this event's type. */
    void accept(Visitor visitor);

    /** One method per event; see {@link SfuEvent}. */
    interface Visitor {
        void joined(Joined event);

        void joinFailed(JoinFailed event);

        void descriptionReceived(DescriptionReceived event);

        void candidateReceived(CandidateReceived event);

        void tracksChanged(TracksChanged event);

        void subscriptionResult(SubscriptionResult event);

        void requestFailed(RequestFailed event);

        void interrupted(Interrupted event);

        void rejoined(Rejoined event);

        void closed(Closed event);
    }

    /**
     * The SFU accepted the join. {@code publisherAnswer} answers the offer the join carried; it is
     * empty for a join without one.
     */
    record Joined(Optional<Description> publisherAnswer) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.joined(this);
        }
    }

    /** The SFU refused the join (bad offer, missing ids). The stream is closed; nothing follows. */
    record JoinFailed(SfuError error) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.joinFailed(this);
        }
    }

    /**
     * A description for the browser: the publisher answer to a renegotiation offer, or a
     * subscriber offer after subscriptions changed (which the browser must answer through
     * {@link SignalStream#answerSubscriber}).
     */
    record DescriptionReceived(Description description) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.descriptionReceived(this);
        }
    }

    /** A candidate of the SFU's, for the browser connection its target names. */
    record CandidateReceived(IceCandidate candidate) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.candidateReceived(this);
        }
    }

    /** Tracks of another participant of the same room started ({@code ADD}), changed or ended. */
    record TracksChanged(TrackState state, String participant, List<TrackInfo> tracks) implements SfuEvent {
        public TracksChanged {
            tracks = List.copyOf(tracks);
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.tracksChanged(this);
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

        @Override
        public void accept(Visitor visitor) {
            visitor.subscriptionResult(this);
        }
    }

    /** An error about one request (a malformed candidate, an offer without the right); the stream stays open. */
    record RequestFailed(SfuError error) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.requestFailed(this);
        }
    }

    /**
     * The stream to the SFU broke (SFU restarting, network). The bridge re-joins by itself, with
     * backoff; the browser's peer connections are dead meanwhile and what is sent is dropped.
     */
    record Interrupted(String reason) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.interrupted(this);
        }
    }

    /**
     * The participant is back in the SFU's session after an {@link Interrupted}. The SFU forgot
     * everything: the browser must build new peer connections and send a new publisher offer
     * (through {@link SignalStream#offerPublisher}), and the session subscribes the stream to its
     * route's tracks again as the other participants' tracks are announced anew.
     */
    record Rejoined() implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.rejoined(this);
        }
    }

    /** The SFU ended the stream for good; nothing follows. Not sent for {@link SignalStream#leave}. */
    record Closed(CloseReason reason, String detail) implements SfuEvent {
        @Override
        public void accept(Visitor visitor) {
            visitor.closed(this);
        }
    }

    enum CloseReason {
        /** The same participant joined the same room on another stream (another tab or node). */
        REPLACED,
        /** An error that a new stream would not cure. */
        FAILED
    }
}
