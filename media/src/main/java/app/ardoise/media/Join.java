package app.ardoise.media;

import java.util.Optional;

/**
 * How a participant enters a room's SFU session.
 *
 * @param room the class id, the SFU's session id
 * @param participant the participant id, unique within the room
 * @param publish false for a participant that may never send media: the SFU then keeps no
 *     publisher connection for it and refuses its offers
 * @param subscribe false for a participant that never receives media (a recorder of events,
 *     a bot)
 * @param offer the browser's first publisher offer, when it has one at join time
 */
public record Join(
        String room, String participant, boolean publish, boolean subscribe, Optional<Description> offer) {

    public Join {
        TrackInfo.requireText(room, "room");
        TrackInfo.requireText(participant, "participant");
        offer = offer == null ? Optional.empty() : offer;
        offer.ifPresent(
                o -> {
                    if (o.target() != Target.PUBLISHER || o.type() != Description.Type.OFFER) {
                        throw new IllegalArgumentException("a join carries a publisher offer, not " + o.target() + " " + o.type());
                    }
                });
        if (!publish && offer.isPresent()) {
            throw new IllegalArgumentException("a participant that may not publish joins without an offer");
        }
    }

    /** A join that publishes and subscribes, the browser's offer to follow later. */
    public static Join of(String room, String participant) {
        return new Join(room, participant, true, true, Optional.empty());
    }

    public Join withOffer(Description offer) {
        return new Join(room, participant, publish, subscribe, Optional.of(offer));
    }

    /** The same participant without the offer: a re-join starts new peer connections. */
    Join withoutOffer() {
        return new Join(room, participant, publish, subscribe, Optional.empty());
    }
}
