package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.AttendanceSession;

/**
 * Published on the node's event stream by a class when one of its sessions closes, for the node's attendance writer
 * to keep it once the journal's events are purged. Node-local, never sent over the wire.
 */
public record AttendanceClosed(String roomId, AttendanceSession session) {}
