package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.WhiteboardDocument;

/**
 * A class's answer to RoomCommand.GetBoard: its whole board, as a late joiner gets it, and its locks, which say
 * whether its students may download it. {@code exists} false for a class never created.
 */
public record BoardReport(boolean exists, Locks locks, WhiteboardDocument board) implements ClusterMessage {
}
