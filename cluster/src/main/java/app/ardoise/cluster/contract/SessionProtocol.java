package app.ardoise.cluster.contract;

/**
 * Everything a client session's actor handles: what its class sends it ({@link ToSession}) and what
 * happens on its own node, its WebSocket and its SFU stream ({@link Local}).
 */
public sealed interface SessionProtocol permits ToSession, SessionProtocol.Local {
    /** A session's own messages, which never leave its node: implemented where they are made. */
    non-sealed interface Local extends SessionProtocol {}
}
