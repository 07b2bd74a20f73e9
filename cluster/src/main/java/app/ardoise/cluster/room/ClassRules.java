package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClassEnded;
import app.ardoise.protocol.v1.LinkRenewed;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.TitleChanged;

/** Actions on the class as a whole: ending it for everyone, renewing one of its links, renaming it. */
final class ClassRules {
    private ClassRules() {}

    static Decision end(RoomState state, Member sender) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher ends the class");
        }
        // Ended, a group would close its members' WebSockets with 4005 ("the class has ended") while their class
        // goes on and its plan still sends them to the group. Its class ends it, with the groups' end or its own.
        if (state.isBreakoutGroup()) {
            return new Decision.Reject(ErrorCode.INVALID, "a breakout group ends with its class: end the class from it");
        }
        return new Decision.Accept(ended());
    }

    static Decision renewLink(RoomState state, Member sender, Role role) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher renews a link");
        }
        // A group has no link to share: its members come in with tokens their class's sessions sign, of link
        // generation 0, which a renewed generation would refuse (410) to every member of that role who reconnects.
        if (state.isBreakoutGroup()) {
            return new Decision.Reject(ErrorCode.INVALID, "a breakout group has no link of its own: renew the class's");
        }
        if (role != Role.ROLE_TEACHER && role != Role.ROLE_STUDENT) {
            return new Decision.Reject(ErrorCode.INVALID, "a link is the teacher's or the students'");
        }
        return new Decision.Accept(renewed(state, role));
    }

    static RoomEvent.Builder ended() {
        return RoomEvent.newBuilder().setClassEnded(ClassEnded.getDefaultInstance());
    }

    /** The next generation of {@code role}'s link (a teacher or student role, checked by the caller). */
    static RoomEvent.Builder renewed(RoomState state, Role role) {
        return RoomEvent.newBuilder().setLinkRenewed(LinkRenewed.newBuilder()
                .setRole(role).setGeneration(state.linkGeneration(role) + 1));
    }

    static RoomEvent.Builder retitled(String title) {
        return RoomEvent.newBuilder().setTitleChanged(TitleChanged.newBuilder().setTitle(title));
    }
}
