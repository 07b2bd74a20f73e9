package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.Role;

/**
 * A class as the REST API shows it: whether it exists, its title, how many are connected, whether it has
 * ended (and nobody has joined since), and the current generation of its teacher's and students' links,
 * against which a link is checked before an upgrade; how many breakout groups it has made, each a class of its
 * own to erase with it; whether its teachers' voices are being recorded, which a newcomer is told; and how many
 * students may be connected at once (its own limit, or the deployment's default), and whether that many are.
 */
public record RoomInfo(boolean exists, String title, int participants, boolean ended,
                       long teacherLinkGeneration, long studentLinkGeneration, int breakoutGroups,
                       boolean recording, int maxParticipants, boolean full) implements ClusterMessage {

    /** Whether a link of {@code role} signed at {@code generation} is still the class's link. */
    public boolean current(Role role, long generation) {
        return generation == (role == Role.ROLE_TEACHER ? teacherLinkGeneration : studentLinkGeneration);
    }
}
