package app.ardoise.cluster.http;

import app.ardoise.media.SfuClient;
import app.ardoise.media.SfuLoad;
import app.ardoise.media.SfuPool;
import app.ardoise.protocol.v1.SfuState;
import java.util.List;

/** The SFU pool as GET /api/v1/cluster shows it: each SFU, whether it serves, and the load it last reported. */
public final class SfuStates {
    private SfuStates() {}

    public static List<SfuState> of(SfuPool pool) {
        return pool.clients().stream().map(SfuStates::state).toList();
    }

    private static SfuState state(SfuClient client) {
        SfuLoad load = client.load();
        return SfuState.newBuilder().setTarget(client.target()).setServing(client.isServing())
                .setClasses(load.sessions()).setTracks(load.tracks()).setSubscribers(load.subscribers())
                .setCpuCores(load.cpuCores()).build();
    }
}
