package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.ClassLinkResponse;
import app.ardoise.protocol.v1.Role;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A class's current link of a role, for a teacher inside the class to share again: a student who arrives late asks
 * for it, and renewing it would shut out whoever holds it. Who may ask is ClassDataApi's to decide.
 */
final class ClassLinkRoute extends AllDirectives {
    private final RoomDirectory rooms;
    private final JoinLinks links;

    ClassLinkRoute(RoomDirectory rooms, JoinLinks links) {
        this.rooms = rooms;
        this.links = links;
    }

    Route current(String roomId, String roleName) {
        Role role = JoinLinks.role(roleName);
        if (role == Role.ROLE_UNSPECIFIED) {
            return complete(Problems.response(ProblemType.UNKNOWN_LINK, "a link is \"teacher\" or \"student\""));
        }
        return onSuccess(rooms.info(roomId), info -> complete(HttpResponse.create().withEntity(JsonBodies.render(
                ClassLinkResponse.newBuilder()
                        .setRoomId(roomId)
                        .setRole(roleName)
                        .setLink(links.current(roomId, role, info))
                        .build()))));
    }
}
