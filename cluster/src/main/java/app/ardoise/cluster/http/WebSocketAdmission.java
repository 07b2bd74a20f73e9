package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.AddressLimits;
import app.ardoise.cluster.admission.Admission;
import app.ardoise.cluster.admission.AdmissionSettings;
import app.ardoise.cluster.admission.LinkLimits;
import app.ardoise.cluster.admission.Ticket;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.ws.ConnectionWatch;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Whether a new WebSocket may open on this node: under its client address's limits (open sockets, opening
 * rate) and its link's (open sockets); otherwise 429, before the upgrade.
 */
final class WebSocketAdmission extends AllDirectives {
    /** How often addresses with nothing to remember are forgotten. */
    private static final Duration FORGET_EVERY = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final ClientAddress clients;
    private final AddressLimits addresses;
    private final LinkLimits links;
    private final ArdoiseMetrics metrics;

    WebSocketAdmission(ActorSystem<?> system, AdmissionSettings settings, ArdoiseMetrics metrics) {
        this.system = system;
        this.metrics = metrics;
        this.clients = new ClientAddress(settings.trustedProxies());
        this.addresses = new AddressLimits(settings.maxSocketsPerAddress(), settings.webSocketsPerAddressPerSecond(),
                settings.webSocketsPerAddressBurst(), System::nanoTime);
        this.links = new LinkLimits(settings.socketsPerLink());
        system.scheduler().scheduleWithFixedDelay(FORGET_EVERY, FORGET_EVERY, addresses::forgetIdle,
                system.executionContext());
    }

    /**
     * @param link  the join link in its canonical form
     * @param inner the upgrade, given the watch that keeps the connection's place until it ends
     */
    Route admit(HttpRequest request, String link, Function<ConnectionWatch, Route> inner) {
        Admission byAddress = addresses.open(clients.of(request));
        if (byAddress instanceof Admission.Refused refused) {
            return refuse(refused);
        }
        Ticket addressTicket = ((Admission.Admitted) byAddress).ticket();
        Admission byLink = links.open(link);
        if (byLink instanceof Admission.Refused refused) {
            addressTicket.release();
            return refuse(refused);
        }
        Ticket both = Ticket.both(addressTicket, ((Admission.Admitted) byLink).ticket());
        return inner.apply(AdmittedSocket.watch(both, system));
    }

    private Route refuse(Admission.Refused refused) {
        metrics.admissionRefused(refused.limit());
        return complete(TooMany.response(refused.reason(), refused.retryAfter()));
    }
}
