package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.Role;
import java.util.List;

/**
 * Who is connected to a class now, with what the SFU says each one publishes: what the BigBlueButton-compatible
 * API reports as a meeting's attendees. Asked apart from {@link RoomInfo}, which every upgrade asks for and which
 * has no need of the roster. {@code ended}: ended and nobody has joined since; {@code endedAtMs}: when it last
 * ended, by its own node's clock (0 if it never has, or ended before the class kept it).
 */
public record RoomPresence(boolean exists, String title, boolean ended, long endedAtMs, List<Present> present)
        implements ClusterMessage {

    public RoomPresence {
        present = List.copyOf(present);
    }

    /** One connected participant; {@code inMedia} once their browser is in the SFU's session. */
    public record Present(String id, String name, Role role, boolean inMedia, boolean microphone, boolean camera) {}
}
