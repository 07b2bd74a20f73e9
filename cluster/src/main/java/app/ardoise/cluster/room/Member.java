package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.Role;

/**
 * One participant as the room keeps it. Immutable: the state replaces it on change.
 *
 * @param microphoneMuted a teacher's mute, which the SFU applies (media/ROUTING.md); likewise cameraMuted
 */
record Member(String id, String name, Role role, boolean connected, long handRaisedSeq,
              boolean microphoneMuted, boolean cameraMuted) {

    static Member joined(String id, String name, Role role) {
        return new Member(id, name, role, true, 0, false, false);
    }

    boolean handRaised() {
        return handRaisedSeq > 0;
    }

    boolean isTeacher() {
        return role == Role.ROLE_TEACHER;
    }

    Member withConnected(boolean value) {
        return new Member(id, name, role, value, handRaisedSeq, microphoneMuted, cameraMuted);
    }

    Member withHandRaisedSeq(long seq) {
        return new Member(id, name, role, connected, seq, microphoneMuted, cameraMuted);
    }

    Member withRole(Role value) {
        return new Member(id, name, value, connected, handRaisedSeq, microphoneMuted, cameraMuted);
    }

    Member withMicrophoneMuted(boolean value) {
        return new Member(id, name, role, connected, handRaisedSeq, value, cameraMuted);
    }

    Member withCameraMuted(boolean value) {
        return new Member(id, name, role, connected, handRaisedSeq, microphoneMuted, value);
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
                .build();
    }

    static Member fromProto(Participant p) {
        return new Member(p.getId(), p.getName(), p.getRole(), p.getConnected(), p.getHandRaisedSeq(),
                p.getMicrophoneMuted(), p.getCameraMuted());
    }
}
