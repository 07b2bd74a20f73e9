package app.ardoise.cluster.admission;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The reverse proxies whose {@code X-Forwarded-For} this node believes. Anyone can send the header, so it
 * counts only when the TCP peer is one of them; then the client is the rightmost entry that is not itself
 * a trusted proxy (each proxy appends the peer it saw, so the entries left of that are the client's to forge).
 */
public final class TrustedProxies {
    private final List<AddressRange> ranges;

    public TrustedProxies(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies parse(List<String> ranges) {
        return new TrustedProxies(ranges.stream().filter(range -> !range.isBlank()).map(AddressRange::parse).toList());
    }

    public boolean isTrusted(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    /**
     * @param forwardedFor the {@code X-Forwarded-For} headers' values in the order received (a list each)
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor) {
        InetAddress client = peer;
        if (!isTrusted(peer)) {
            return client;
        }
        List<String> entries = forwardedFor.stream().flatMap(value -> List.of(value.split(",")).stream()).toList();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpLiteral.parseForwarded(entries.get(i));
            if (hop.isEmpty()) {
                return client; // garbage (or "unknown"): the last trusted hop is the closest we know
            }
            client = hop.get();
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client; // proxies all the way: the farthest one
    }
}
