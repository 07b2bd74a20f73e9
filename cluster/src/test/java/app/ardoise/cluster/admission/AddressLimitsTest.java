package app.ardoise.cluster.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-address counts and rates, on a clock the test moves. */
class AddressLimitsTest {
    private final AtomicLong now = new AtomicLong();

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    private static Ticket admitted(Admission admission) {
        return assertInstanceOf(Admission.Admitted.class, admission).ticket();
    }

    @Test
    void open_sockets_are_capped_and_counted_down_once_each() {
        AddressLimits limits = new AddressLimits(2, 1000, 1000, now::get);
        Ticket first = admitted(limits.open(ip("203.0.113.5")));
        admitted(limits.open(ip("203.0.113.5")));
        Admission.Refused full = assertInstanceOf(Admission.Refused.class, limits.open(ip("203.0.113.5")));
        assertEquals(AddressLimits.WHEN_FULL, full.retryAfter());
        admitted(limits.open(ip("203.0.113.6")));
        first.release();
        first.release(); // a second release gives back nothing more
        admitted(limits.open(ip("203.0.113.5")));
        assertInstanceOf(Admission.Refused.class, limits.open(ip("203.0.113.5")));
    }

    @Test
    void the_opening_rate_is_a_token_bucket_that_says_when_to_retry() {
        AddressLimits limits = new AddressLimits(100, 2, 3, now::get);
        for (int i = 0; i < 3; i++) {
            admitted(limits.open(ip("203.0.113.5"))).release();
        }
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, limits.open(ip("203.0.113.5")));
        assertEquals(500, refused.retryAfter().toMillis(), 1, "two a second: the next one in half a second");
        now.addAndGet(Duration.ofMillis(501).toNanos());
        admitted(limits.open(ip("203.0.113.5")));
    }

    @Test
    void an_ipv6_client_counts_as_its_slash_64() {
        AddressLimits limits = new AddressLimits(1, 1000, 1000, now::get);
        admitted(limits.open(ip("2001:db8:1:2::1")));
        assertInstanceOf(Admission.Refused.class, limits.open(ip("2001:db8:1:2:ffff::9")));
        admitted(limits.open(ip("2001:db8:1:3::1")));
    }

    @Test
    void addresses_are_forgotten_once_closed_and_recovered_but_not_before() {
        AddressLimits limits = new AddressLimits(10, 10, 10, now::get);
        List<Ticket> open = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            open.add(admitted(limits.open(ip("198.51." + (i / 256) + "." + (i % 256)))));
        }
        Ticket held = admitted(limits.open(ip("192.0.2.1")));
        open.forEach(Ticket::release);
        limits.forgetIdle();
        assertEquals(1001, limits.addressesKnown(), "a bucket still refilling is kept: closing must not reset it");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        limits.forgetIdle();
        assertEquals(1, limits.addressesKnown(), "only the address with an open socket is left");
        held.release();
        assertEquals(0, limits.addressesKnown(), "closed with a full bucket: forgotten at once");
    }
}
