package app.ardoise.cluster.http;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.JoinLink;
import app.ardoise.protocol.v1.Role;
import java.time.Clock;

/**
 * A class's links: tokens signed for a role at the generation the class holds. Signed again at each answer with
 * a fresh expiry; two links of one generation open the class alike, so "the same link" is the same generation.
 */
public final class JoinLinks {
    private final TokenService tokens;
    private final HttpSettings settings;
    private final Clock clock;

    public JoinLinks(TokenService tokens, HttpSettings settings, Clock clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /** A link's role as the API's paths name it ({@code teacher}, {@code student}); unspecified for any other name. */
    static Role role(String name) {
        return switch (name) {
            case "teacher" -> Role.ROLE_TEACHER;
            case "student" -> Role.ROLE_STUDENT;
            default -> Role.ROLE_UNSPECIFIED;
        };
    }

    /** The class's link of {@code role} at the generation it holds now: the one that opens it. */
    JoinLink current(String roomId, Role role, RoomInfo info) {
        return link(roomId, role, role == Role.ROLE_TEACHER ? info.teacherLinkGeneration() : info.studentLinkGeneration());
    }

    public JoinLink link(String roomId, Role role, long generation) {
        long expires = clock.instant().plus(settings.linkTtl()).getEpochSecond();
        String token = tokens.sign(JoinGrant.newBuilder()
                .setRoom(roomId)
                .setRole(role)
                .setExpiresAtEpochS(expires)
                .setLinkGeneration(generation)
                .build());
        return JoinLink.newBuilder()
                .setUrl(settings.publicUrl() + "/c/" + roomId + "#" + token)
                .setToken(token)
                .setExpiresAtEpochS(expires)
                .build();
    }
}
