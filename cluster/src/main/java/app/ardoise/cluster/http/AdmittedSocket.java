package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.Ticket;
import app.ardoise.cluster.ws.ConnectionWatch;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * An admitted WebSocket's place in the counts, given back when its stream stops. A client that drops the
 * TCP connection between our 101 and the stream's start leaves a stream that never starts, hence never
 * stops: the place is given back after a deadline then, or a few such clients would lock a link out.
 */
final class AdmittedSocket implements ConnectionWatch {
    /** Far longer than rendering a 101 and starting its stream takes, even on a loaded node. */
    static final Duration START_DEADLINE = Duration.ofSeconds(30);

    private final Ticket ticket;
    private volatile boolean started;

    private AdmittedSocket(Ticket ticket) {
        this.ticket = ticket;
    }

    static AdmittedSocket watch(Ticket ticket, ActorSystem<?> system) {
        AdmittedSocket socket = new AdmittedSocket(ticket);
        system.scheduler().scheduleOnce(START_DEADLINE, socket::giveBackIfNeverStarted, system.executionContext());
        return socket;
    }

    @Override
    public void started() {
        started = true;
    }

    @Override
    public void ended() {
        ticket.release();
    }

    private void giveBackIfNeverStarted() {
        if (!started) {
            ticket.release();
        }
    }
}
