package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.WhiteboardDocument;

/** A breakout group's answer to its class's SetBreakout: its board once closed, for the class to take back. */
public record BreakoutGroupReply(String groupId, boolean closed, WhiteboardDocument board) implements ClusterMessage {}
