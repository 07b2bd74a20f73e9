package app.ardoise.cluster.admission;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address written out, read without ever asking DNS: a header or a setting must not cause a lookup. */
final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {}

    /** An IPv4 or IPv6 address; empty for anything else, host names included. */
    static Optional<InetAddress> parse(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // Only a literal gets here, and InetAddress reads a literal without a lookup.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty(); // colons and digits that make no IPv6 address
        }
    }

    /**
     * An X-Forwarded-For entry: an address, possibly with a port as some proxies write it
     * ({@code 192.0.2.7:51000}, {@code [2001:db8::1]:51000}).
     */
    static Optional<InetAddress> parseForwarded(String entry) {
        String text = entry.strip();
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            return end < 0 ? Optional.empty() : parse(text.substring(1, end));
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':')) {
            text = text.substring(0, colon); // IPv4 with a port: an IPv6 address has two colons or more
        }
        return parse(text);
    }
}
