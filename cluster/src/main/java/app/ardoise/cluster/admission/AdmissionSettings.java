package app.ardoise.cluster.admission;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.List;

/** What this node lets in, from {@code ardoise.http}. */
public record AdmissionSettings(
        double socketsPerLinkFactor,
        int maxSocketsPerAddress,
        double webSocketsPerAddressPerSecond,
        double webSocketsPerAddressBurst,
        TrustedProxies trustedProxies,
        double roomsCreatedPerSecond,
        double roomsCreatedBurst,
        long maxRequestBytes,
        double signInsPerAddressPerSecond,
        double signInsPerAddressBurst) {

    /** A zero or negative limit would refuse everyone: a node with one does not start. */
    public AdmissionSettings {
        if (socketsPerLinkFactor <= 0 || maxSocketsPerAddress < 1 || webSocketsPerAddressPerSecond <= 0
                || webSocketsPerAddressBurst < 1 || roomsCreatedPerSecond <= 0 || roomsCreatedBurst < 1
                || maxRequestBytes < 1 || signInsPerAddressPerSecond <= 0 || signInsPerAddressBurst < 1) {
            throw new IllegalArgumentException("ardoise.http admission limits must let something in: " + List.of(
                    socketsPerLinkFactor, maxSocketsPerAddress, webSocketsPerAddressPerSecond, webSocketsPerAddressBurst,
                    roomsCreatedPerSecond, roomsCreatedBurst, maxRequestBytes, signInsPerAddressPerSecond,
                    signInsPerAddressBurst));
        }
    }

    public static AdmissionSettings from(Config config) {
        Config http = config.getConfig("ardoise.http");
        return new AdmissionSettings(
                http.getDouble("sockets-per-link-factor"),
                http.getInt("max-sockets-per-address"),
                http.getDouble("websockets-per-address-per-second"),
                http.getDouble("websockets-per-address-burst"),
                TrustedProxies.parse(trustedProxies(http)),
                http.getDouble("rooms-created-per-second"),
                http.getDouble("rooms-created-burst"),
                http.getBytes("max-request-body"),
                http.getDouble("sign-ins-per-address-per-second"),
                http.getDouble("sign-ins-per-address-burst"));
    }

    /** A list in the file; ARDOISE_TRUSTED_PROXIES, a string, lists them separated by commas. */
    private static List<String> trustedProxies(Config http) {
        if (http.getValue("trusted-proxies").valueType() == ConfigValueType.STRING) {
            return List.of(http.getString("trusted-proxies").split(","));
        }
        return http.getStringList("trusted-proxies");
    }

    /** Open WebSockets a link of a class of this capacity may hold on this node: a few more than it seats. */
    public int socketsPerLink(int classCapacity) {
        return (int) Math.ceil(classCapacity * socketsPerLinkFactor);
    }
}
