package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.Role;

/** One participant as the room keeps it. Immutable: the state replaces it on change. */
record Member(String id, String name, Role role, boolean connected, long handRaisedSeq) {

    boolean handRaised() {
        return handRaisedSeq > 0;
    }

    boolean isTeacher() {
        return role == Role.ROLE_TEACHER;
    }

    Member withConnected(boolean value) {
        return new Member(id, name, role, value, handRaisedSeq);
    }

    Member withHandRaisedSeq(long seq) {
        return new Member(id, name, role, connected, seq);
    }

    Member withRole(Role value) {
        return new Member(id, name, value, connected, handRaisedSeq);
    }

    Participant toProto() {
        return Participant.newBuilder()
                .setId(id)
                .setName(name)
                .setRole(role)
                .setConnected(connected)
                .setHandRaised(handRaised())
                .setHandRaisedSeq(handRaisedSeq)
                .build();
    }

    static Member fromProto(Participant p) {
        return new Member(p.getId(), p.getName(), p.getRole(), p.getConnected(), p.getHandRaisedSeq());
    }
}
