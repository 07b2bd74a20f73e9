package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.AddressLimits;
import app.ardoise.cluster.admission.Admission;
import app.ardoise.cluster.admission.AdmissionSettings;
import app.ardoise.cluster.admission.LinkLimits;
import app.ardoise.cluster.admission.Ticket;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import app.ardoise.cluster.ws.ConnectionWatch;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Whether a new WebSocket may open on this node: under its client address's limits (open sockets, opening
 * rate) and its link's (open sockets); otherwise 429, before the upgrade. The link check that precedes an
 * opening ({@link RoomEntryRoute}) is held to the same opening rate, in a bucket of its own.
 */
final class WebSocketAdmission extends AllDirectives {
    /** How often addresses with nothing to remember are forgotten. */
    private static final Duration FORGET_EVERY = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final ClientAddress clients;
    private final AddressLimits addresses;
    private final LinkLimits links = new LinkLimits();
    private final AdmissionSettings settings;
    /** Link checks hold nothing open: only their rate counts. */
    private final AddressLimits checks;
    private final ArdoiseMetrics metrics;

    WebSocketAdmission(ActorSystem<?> system, AdmissionSettings settings, ArdoiseMetrics metrics) {
        this.system = system;
        this.metrics = metrics;
        this.clients = new ClientAddress(settings.trustedProxies());
        this.addresses = new AddressLimits(settings.maxSocketsPerAddress(), settings.webSocketsPerAddressPerSecond(),
                settings.webSocketsPerAddressBurst(), System::nanoTime);
        this.settings = settings;
        this.checks = new AddressLimits(Integer.MAX_VALUE, settings.webSocketsPerAddressPerSecond(),
                settings.webSocketsPerAddressBurst(), System::nanoTime);
        system.scheduler().scheduleWithFixedDelay(FORGET_EVERY, FORGET_EVERY, () -> {
            addresses.forgetIdle();
            checks.forgetIdle();
        }, system.executionContext());
    }

    /**
     * @param link          the join link in its canonical form
     * @param classCapacity how many its class may hold at once (RoomInfo.maxParticipants)
     * @param inner         the upgrade, given the watch that keeps the connection's place until it ends
     */
    Route admit(HttpRequest request, String link, int classCapacity, Function<ConnectionWatch, Route> inner) {
        Admission byAddress = addresses.open(clients.of(request));
        if (byAddress instanceof Admission.Refused refused) {
            return refuse(refused);
        }
        Ticket addressTicket = ((Admission.Admitted) byAddress).ticket();
        Admission byLink = links.open(link, settings.socketsPerLink(classCapacity));
        if (byLink instanceof Admission.Refused refused) {
            addressTicket.release();
            return refuse(refused);
        }
        Ticket both = Ticket.both(addressTicket, ((Admission.Admitted) byLink).ticket());
        return inner.apply(AdmittedSocket.watch(both, system));
    }

    /**
     * A link check from this request's address, at the rate of WebSocket openings. Its own bucket: the join
     * page checks before each opening, and one shared bucket would halve what a school behind one NAT address
     * can open. Like an opening, a check may start a class (to read its size), and only with a valid link of it.
     *
     * @param refused the answer to give, with how long until the address may check again
     */
    Route check(HttpRequest request, BiFunction<String, Duration, Route> refused, Supplier<Route> inner) {
        Admission byAddress = checks.open(clients.of(request));
        if (byAddress instanceof Admission.Refused refusal) {
            metrics.admissionRefused("entry_rate");
            return refused.apply("too many link checks from your address", refusal.retryAfter());
        }
        ((Admission.Admitted) byAddress).ticket().release();
        return inner.get();
    }

    private Route refuse(Admission.Refused refused) {
        metrics.admissionRefused(refused.limit());
        return complete(TooMany.response(refused.reason(), refused.retryAfter()));
    }
}
