package app.ardoise.media;

import app.ardoise.media.OfferedTracks.Offered;
import java.util.List;
import java.util.Optional;

/**
 * What one participant may publish now. The room derives it from the participant's role and the
 * class's locks ({@link RoutingPolicy#rights}) and sends it with every route; the participant's
 * session judges each publisher offer by it before the SFU sees the offer.
 */
public record PublishRights(boolean microphone, boolean camera, boolean screen) {

    public boolean allow(TrackKind kind) {
        return switch (kind) {
            case AUDIO -> microphone;
            case VIDEO -> camera;
            case SCREEN -> screen;
        };
    }

    /**
     * The first track of an offer that these rights do not allow, empty when they allow all of
     * them. One such track refuses the whole offer: the SFU takes an offer whole or not at all.
     */
    public Optional<Offered> refused(List<Offered> offered) {
        return offered.stream().filter(t -> !allow(t.kind())).findFirst();
    }
}
