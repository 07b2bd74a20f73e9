package app.ardoise.bench;

import app.ardoise.protocol.v1.ServerFrame;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

/**
 * R classes x S clients; each client posts chat at a set rate carrying its send time (System.nanoTime of
 * this process), and every delivery is timed against that one clock. Prints latency percentiles,
 * deliveries per second, errors, server CPU, RSS, and live heap per idle connection.
 */
public final class ChatLoad {
    private static final String MARK = "bench:";

    private Measurement measurement;

    public static void main(String[] args) throws Exception {
        new ChatLoad().run(Options.parse(args));
    }

    private void run(Options options) throws Exception {
        int rooms = options.integer("rooms", 50);
        int perRoom = options.integer("clients", 20);
        double rate = options.number("rate", 1.0);
        int warmup = options.integer("warmup", 10);
        measurement = new Measurement(options);
        Fleet fleet = measurement.join(options, rooms, perRoom, this::onFrame);
        measurement.offered(fleet.connected * rate * perRoom);

        ScheduledExecutorService senders = Ramp.start(fleet.clients.stream()
                .<Runnable>map(client -> () -> client.chat(MARK + System.nanoTime())).toList(), rate, warmup);
        System.exit(measurement.run(fleet, senders,
                String.format(Locale.ROOT, "rooms=%d clients/room=%d rate=%.2f/s", rooms, perRoom, rate),
                warmup, options.integer("duration", 60)));
    }

    private void onFrame(ServerFrame frame) {
        if (frame.hasError()) {
            measurement.error(frame.getError().getCode());
            return;
        }
        if (frame.hasEvent() && frame.getEvent().hasChat() && frame.getEvent().getChat().getText().startsWith(MARK)) {
            measurement.delivered(Long.parseLong(frame.getEvent().getChat().getText().substring(MARK.length())));
        }
    }
}
