package app.ardoise.cluster.contract;

/**
 * A message that may cross nodes: the commands a class takes, what it sends its sessions, and its
 * answer to a lookup. application.conf binds this type to ClusterMessageSerializer, which holds one
 * codec per message (ClusterCodecs), so none ever falls back to Java serialization; a test walks this
 * sealed hierarchy and fails on a message without a codec.
 */
public sealed interface ClusterMessage permits ActResult, RoomCommand, ToSession, ToNode, RoomInfo, RoomPresence, PollReport,
        BoardReport, BreakoutGroupReply, AttendanceReport {}
