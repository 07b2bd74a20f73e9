package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * The actions the REST API may take on a class (RoomCommand.Act), and who takes them: a teacher with no place in
 * the class, whose id is empty, as the author of events the class writes itself.
 */
final class RestActions {
    static final Member TEACHER = Member.joined("", "", Role.ROLE_TEACHER);

    private static final Set<ClientFrame.BodyCase> ALLOWED = EnumSet.of(
            ClientFrame.BodyCase.SET_ENTRY_POLICY, ClientFrame.BodyCase.ADMIT, ClientFrame.BodyCase.ADMIT_ALL,
            ClientFrame.BodyCase.REFUSE, ClientFrame.BodyCase.DELETE_CHAT_MESSAGE, ClientFrame.BodyCase.CLEAR_CHAT,
            ClientFrame.BodyCase.SET_CHAT_MUTED, ClientFrame.BodyCase.LOWER_ALL_HANDS,
            ClientFrame.BodyCase.REMOVE_PARTICIPANT);

    private RestActions() {}

    static boolean allowed(ClientFrame action) {
        return ALLOWED.contains(action.getBodyCase());
    }
}
