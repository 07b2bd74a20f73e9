package app.ardoise.cluster.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address ranges, and which X-Forwarded-For entry names the client. */
class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    @Test
    void a_cidr_block_holds_its_addresses_and_no_others() {
        AddressRange ten = AddressRange.parse("10.0.0.0/8");
        assertTrue(ten.contains(ip("10.255.3.4")));
        assertFalse(ten.contains(ip("11.0.0.1")));
        AddressRange odd = AddressRange.parse("192.168.1.64/26");
        assertTrue(odd.contains(ip("192.168.1.127")));
        assertFalse(odd.contains(ip("192.168.1.128")));
        assertFalse(odd.contains(ip("192.168.1.63")));
        AddressRange v6 = AddressRange.parse("2001:db8::/32");
        assertTrue(v6.contains(ip("2001:db8:ffff::1")));
        assertFalse(v6.contains(ip("2001:db9::1")));
        assertFalse(v6.contains(ip("10.0.0.1")), "an IPv4 address is in no IPv6 block");
        AddressRange one = AddressRange.parse("127.0.0.1");
        assertTrue(one.contains(ip("127.0.0.1")));
        assertFalse(one.contains(ip("127.0.0.2")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    }

    @Test
    void anything_but_an_address_or_a_block_is_refused_without_a_lookup() {
        for (String bad : List.of("localhost", "example.org", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "1.2.3.4/8/1",
                "::1/129", "10.0.0.256", "10.0.0.0/x", "")) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
    }

    @Test
    void the_header_of_an_untrusted_peer_is_ignored() {
        TrustedProxies none = TrustedProxies.parse(List.of());
        assertEquals(ip("198.51.100.1"), none.client(ip("198.51.100.1"), List.of("203.0.113.5")));
        TrustedProxies lan = TrustedProxies.parse(List.of("10.0.0.0/8"));
        assertEquals(ip("198.51.100.1"), lan.client(ip("198.51.100.1"), List.of("203.0.113.5")));
    }

    @Test
    void behind_trusted_proxies_the_client_is_the_rightmost_untrusted_entry() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8::/32"));
        InetAddress proxy = ip("10.1.2.3");
        assertEquals(ip("203.0.113.5"), proxies.client(proxy, List.of("203.0.113.5")));
        // The client wrote the first entry itself: only what our proxies appended counts.
        assertEquals(ip("203.0.113.5"), proxies.client(proxy, List.of("192.0.2.66, 203.0.113.5")));
        assertEquals(ip("203.0.113.5"), proxies.client(proxy, List.of("192.0.2.66, 203.0.113.5, 10.9.9.9")));
        assertEquals(ip("203.0.113.5"), proxies.client(proxy, List.of("192.0.2.66", "203.0.113.5,10.9.9.9")),
                "several headers read as one list, in order");
        assertEquals(ip("203.0.113.5"), proxies.client(proxy, List.of("203.0.113.5:51000")));
        assertEquals(ip("2001:db9::7"), proxies.client(proxy, List.of("[2001:db9::7]:443, 2001:db8::1")));
        assertEquals(ip("10.0.0.7"), proxies.client(proxy, List.of("10.0.0.7, 10.9.9.9")), "proxies all the way: the farthest");
        assertEquals(proxy, proxies.client(proxy, List.of()), "no header: the proxy itself");
        assertEquals(ip("10.9.9.9"), proxies.client(proxy, List.of("203.0.113.5, unknown, 10.9.9.9")),
                "garbage stops the walk at the last trusted hop");
        assertEquals(proxy, proxies.client(proxy, List.of("evil.example.org")), "a name is no address");
    }
}
