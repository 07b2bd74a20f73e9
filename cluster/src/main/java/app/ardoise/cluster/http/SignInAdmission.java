package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.Admission;
import app.ardoise.cluster.admission.AddressLimits;
import app.ardoise.cluster.admission.AdmissionSettings;
import app.ardoise.cluster.metrics.ArdoiseMetrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The rate at which an address may start sign-ins: anyone may, without a session, and each start writes to
 * Cassandra (a sign-in under way, or in dev mode a session). Counted on each node, like the other limits.
 */
final class SignInAdmission extends AllDirectives {
    private static final Duration FORGET_EVERY = Duration.ofSeconds(30);

    private final ClientAddress clients;
    private final AddressLimits starts;
    private final ArdoiseMetrics metrics;

    SignInAdmission(ActorSystem<?> system, AdmissionSettings settings, ArdoiseMetrics metrics) {
        this.clients = new ClientAddress(settings.trustedProxies());
        this.starts = new AddressLimits(Integer.MAX_VALUE, settings.signInsPerAddressPerSecond(),
                settings.signInsPerAddressBurst(), System::nanoTime);
        this.metrics = metrics;
        system.scheduler().scheduleWithFixedDelay(FORGET_EVERY, FORGET_EVERY, starts::forgetIdle, system.executionContext());
    }

    Route limited(Supplier<Route> inner) {
        return extractRequest(request -> {
            Admission admission = starts.open(clients.of(request));
            if (admission instanceof Admission.Refused refused) {
                metrics.admissionRefused("sign_in_rate");
                return complete(TooMany.response("too many sign-ins from your address", refused.retryAfter()));
            }
            // Nothing stays open: only the rate counts.
            ((Admission.Admitted) admission).ticket().release();
            return inner.get();
        });
    }
}
