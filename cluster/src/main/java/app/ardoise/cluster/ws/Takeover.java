package app.ardoise.cluster.ws;

import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * A connection's way out of pekko-http's server pipeline: what its 101 response is followed by. Every request
 * that {@link ConnectionSwitch} hands to the application carries its connection's takeover as the attribute
 * {@link #KEY}; the WebSocket route gives it the connection's flow before it answers 101, and once those bytes
 * are written the connection runs that flow alone, with none of the HTTP stages that served the upgrade.
 */
public interface Takeover {
    AttributeKey<Takeover> KEY = AttributeKey.create("ardoise-takeover", Takeover.class);

    /**
     * Called at most once, from any thread, before the 101 response is handed back to pekko-http.
     *
     * @param bytes the connection's bytes from the client to the bytes to it, from the first byte after the 101
     */
    void upgradeTo(Flow<ByteString, ByteString, ?> bytes);
}
