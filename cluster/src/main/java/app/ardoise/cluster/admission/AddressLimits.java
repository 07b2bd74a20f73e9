package app.ardoise.cluster.admission;

import app.ardoise.cluster.rate.TokenBucket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per client address, on this node: how many WebSockets it holds open, and how fast it opens new ones. The
 * limits are generous (a whole school may share one NAT address); they stop one machine from taking the
 * node's file descriptors or its join capacity. An IPv6 client counts as its /64, the least a site is given,
 * or one host could take any number of addresses.
 */
public final class AddressLimits {
    /** No socket's end can be foreseen; about a browser's longest reconnect backoff. */
    static final Duration WHEN_FULL = Duration.ofSeconds(10);
    private static final int IPV6_SITE_PREFIX = 64;

    private final int maxOpen;
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Usage> usage = new ConcurrentHashMap<>();

    /** One address's open sockets and rate; only touched inside the map's compute for its key. */
    private final class Usage {
        private final TokenBucket opens = new TokenBucket(perSecond, burst, nanoClock);
        private int open;

        /** Nothing worth remembering: no socket, and a new bucket would be the same as this one. */
        boolean idle() {
            return open == 0 && opens.isFull();
        }
    }

    public AddressLimits(int maxOpen, double perSecond, double burst, LongSupplier nanoClock) {
        this.maxOpen = maxOpen;
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public Admission open(InetAddress client) {
        InetAddress key = key(client);
        Admission[] answer = new Admission[1];
        usage.compute(key, (address, known) -> {
            Usage used = known == null ? new Usage() : known;
            if (used.open >= maxOpen) {
                answer[0] = new Admission.Refused("address_sockets", "too many connections from your address",
                        WHEN_FULL);
            } else if (!used.opens.tryTake()) {
                answer[0] = new Admission.Refused("address_rate", "too many new connections from your address",
                        used.opens.untilNextToken());
            } else {
                used.open++;
                answer[0] = new Admission.Admitted(new Ticket(() -> closed(key)));
            }
            return used;
        });
        return answer[0];
    }

    private void closed(InetAddress key) {
        usage.computeIfPresent(key, (address, used) -> {
            used.open--;
            return used.idle() ? null : used;
        });
    }

    /**
     * Forgets the addresses with no socket whose rate has recovered, so that the map holds about the
     * addresses seen in the last burst's worth of seconds, not every address ever seen. Kept only while
     * not idle, a bucket cannot be reset by closing and reopening.
     */
    public void forgetIdle() {
        usage.keySet().forEach(key -> usage.computeIfPresent(key, (address, used) -> used.idle() ? null : used));
    }

    int addressesKnown() {
        return usage.size();
    }

    private static InetAddress key(InetAddress client) {
        if (!(client instanceof Inet6Address)) {
            return client;
        }
        try {
            return InetAddress.getByAddress(AddressRange.mask(client.getAddress(), IPV6_SITE_PREFIX));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
