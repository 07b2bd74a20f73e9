package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.AttendanceSession;
import java.util.Optional;

/** A class's answer to RoomCommand.GetAttendance: its open session, as its events folded it so far. */
public record AttendanceReport(boolean created, Optional<AttendanceSession> open) implements ClusterMessage {}
