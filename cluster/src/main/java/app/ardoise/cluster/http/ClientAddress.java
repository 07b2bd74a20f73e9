package app.ardoise.cluster.http;

import app.ardoise.cluster.admission.TrustedProxies;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;

/**
 * Who sent a request: the TCP peer (pekko-http's remote-address attribute), or, when the peer is a trusted
 * proxy, the client its X-Forwarded-For names. Not pekko's extractClientIP, which believes that header from
 * anyone.
 */
final class ClientAddress {
    private final TrustedProxies proxies;

    ClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    InetAddress of(HttpRequest request) {
        InetAddress peer = request.getAttribute(AttributeKeys.remoteAddress)
                .flatMap(RemoteAddress::getAddress)
                .orElseThrow(() -> new IllegalStateException(
                        "no peer address: pekko.http.server.remote-address-attribute must be on"));
        List<String> forwardedFor = StreamSupport.stream(request.getHeaders().spliterator(), false)
                .filter(header -> header.is("x-forwarded-for"))
                .map(HttpHeader::value)
                .toList();
        return proxies.client(peer, forwardedFor);
    }
}
