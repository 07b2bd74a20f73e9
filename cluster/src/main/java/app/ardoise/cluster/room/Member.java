package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.Role;

/**
 * One participant as the room keeps it. Immutable: the state replaces it on change.
 *
 * @param microphoneMuted a teacher's mute, which the SFU applies (media/ROUTING.md); likewise cameraMuted
 * @param disconnectedAtMs when the connection went away, 0 while connected: the roster forgets who has
 *     been away longer than {@code ardoise.room.absent-after}
 * @param chatMuted a teacher's chat mute (SetChatMuted): a student's Chat is refused while it is set
 */
record Member(String id, String name, Role role, boolean connected, long handRaisedSeq,
              boolean microphoneMuted, boolean cameraMuted, long disconnectedAtMs, boolean chatMuted) {

    static Member joined(String id, String name, Role role) {
        return new Member(id, name, role, true, 0, false, false, 0, false);
    }

    boolean handRaised() {
        return handRaisedSeq > 0;
    }

    boolean isTeacher() {
        return role == Role.ROLE_TEACHER;
    }

    Member connectedNow() {
        return new Member(id, name, role, true, handRaisedSeq, microphoneMuted, cameraMuted, 0, chatMuted);
    }

    Member disconnectedAt(long timeMs) {
        return new Member(id, name, role, false, handRaisedSeq, microphoneMuted, cameraMuted, timeMs, chatMuted);
    }

    Member withHandRaisedSeq(long seq) {
        return new Member(id, name, role, connected, seq, microphoneMuted, cameraMuted, disconnectedAtMs, chatMuted);
    }

    Member withRole(Role value) {
        return new Member(id, name, value, connected, handRaisedSeq, microphoneMuted, cameraMuted, disconnectedAtMs, chatMuted);
    }

    Member withMicrophoneMuted(boolean value) {
        return new Member(id, name, role, connected, handRaisedSeq, value, cameraMuted, disconnectedAtMs, chatMuted);
    }

    Member withCameraMuted(boolean value) {
        return new Member(id, name, role, connected, handRaisedSeq, microphoneMuted, value, disconnectedAtMs, chatMuted);
    }

    Member withChatMuted(boolean value) {
        return new Member(id, name, role, connected, handRaisedSeq, microphoneMuted, cameraMuted, disconnectedAtMs, value);
    }

    Participant toProto() {
        return Participant.newBuilder()
                .setId(id)
                .setName(name)
                .setRole(role)
                .setConnected(connected)
                .setHandRaised(handRaised())
                .setHandRaisedSeq(handRaisedSeq)
                .setMicrophoneMuted(microphoneMuted)
                .setCameraMuted(cameraMuted)
                .setDisconnectedAtMs(disconnectedAtMs)
                .setChatMuted(chatMuted)
                .build();
    }

    static Member fromProto(Participant p) {
        return new Member(p.getId(), p.getName(), p.getRole(), p.getConnected(), p.getHandRaisedSeq(),
                p.getMicrophoneMuted(), p.getCameraMuted(), p.getDisconnectedAtMs(), p.getChatMuted());
    }
}
