package app.ardoise.cluster.ws;

/**
 * Told when an accepted WebSocket's stream starts and when it stops, whichever way it stops (a close from
 * either side, a dropped TCP connection, a failure). Called on the stream's thread: keep it short.
 */
public interface ConnectionWatch {
    ConnectionWatch NONE = new ConnectionWatch() {
        @Override
        public void started() {}

        @Override
        public void ended() {}
    };

    void started();

    void ended();
}
