package app.ardoise.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picked_ports_are_distinct_free_and_below_the_ephemeral_range() {
        int[] ports = FreePorts.pick(12);
        assertEquals(12, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertFalse(FreePorts.inUse(port), port + " is taken");
            assertTrue(port >= FreePorts.LOWEST && port < FreePorts.ephemeralLow(),
                    port + " is not in [" + FreePorts.LOWEST + ", " + FreePorts.ephemeralLow() + ")");
        }
    }

    @Test
    void a_picked_udp_port_is_free_and_below_the_ephemeral_range() throws Exception {
        int port = FreePorts.udp();
        assertTrue(port >= FreePorts.LOWEST && port < FreePorts.ephemeralLow(),
                port + " is not in [" + FreePorts.LOWEST + ", " + FreePorts.ephemeralLow() + ")");
        try (DatagramSocket bound = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertEquals(port, bound.getLocalPort());
        }
    }
}
