package app.ardoise.cluster.http;

import app.ardoise.cluster.auth.TokenCheck;
import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.session.ClientSession;
import app.ardoise.cluster.ws.GuardedWebSocket;
import app.ardoise.cluster.ws.SessionFlow;
import app.ardoise.cluster.ws.WebSocketCloser;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.ResumeGrant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /ws/rooms/{id}?token=...}: the token and the room are checked before the upgrade, so a
 * forged, expired, renewed or misdirected link never costs a WebSocket (401, 410, 403, 404); nor does one over the node's
 * admission limits (429, {@link WebSocketAdmission}). A renewed link passes with {@code &resume=} and the resume token
 * of someone who came in through it, to resume.
 */
final class WebSocketRoute extends AllDirectives {
    private final ActorSystem<?> system;
    private final RoomDirectory rooms;
    private final TokenService tokens;
    private final Function<String, ClientSession.Wiring> wiring;
    private final GuardedWebSocket webSockets;
    private final WebSocketAdmission admission;

    WebSocketRoute(ActorSystem<?> system, RoomDirectory rooms, TokenService tokens,
                   Function<String, ClientSession.Wiring> wiring, WebSocketAdmission admission) {
        this.system = system;
        this.rooms = rooms;
        this.tokens = tokens;
        this.wiring = wiring;
        this.webSockets = new GuardedWebSocket(system, SessionFlow.stage());
        this.admission = admission;
    }

    Route route() {
        return path(PathMatchers.segment("ws").slash("rooms").slash(PathMatchers.segment()), roomId ->
                get(() -> parameterOptional("token", token -> parameterOptional("resume", resume -> {
                    TokenCheck<JoinGrant> check = tokens.verifyJoin(token.orElse(null), roomId);
                    return switch (check.outcome()) {
                        case INVALID -> complete(Problems.response(ProblemType.INVALID_LINK, "invalid join token"));
                        case EXPIRED -> complete(Problems.response(ProblemType.EXPIRED_LINK, "this link has expired"));
                        case WRONG_ROOM -> complete(Problems.response(ProblemType.WRONG_CLASS, "this link is for another class"));
                        // The link is counted as signed, not as given: base64 lets one token be written
                        // several ways (padding, unused bits), and each would otherwise be a link of its own.
                        // A renewed link is refused here from the class's own answer, so on every node at once; the
                        // room checks it again at the Join, which no upgrade can skip.
                        case VALID -> onSuccess(rooms.info(roomId), info -> !info.exists()
                                ? complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"))
                                : !info.current(check.grant().getRole(), check.grant().getLinkGeneration())
                                        && !cameThrough(resume, roomId, check.grant())
                                ? complete(Problems.response(ProblemType.LINK_REVOKED, "this link has been replaced"))
                                : upgrade(roomId, tokens.sign(check.grant()), info.maxParticipants()));
                    };
                }))));
    }

    /**
     * Whether {@code resume} is a resume token of this class given to someone who came in through {@code link}.
     * Renewing a link keeps whoever is on the roster (README), but they hold the old link only: without this, the
     * first dropped connection after a renewal shut them out for good. The room still decides at their Resume (a
     * participant off the roster gets link_revoked) and refuses any Join through the old link.
     */
    private boolean cameThrough(Optional<String> resume, String roomId, JoinGrant link) {
        if (resume.isEmpty()) {
            return false;
        }
        TokenCheck<ResumeGrant> check = tokens.verifyResume(resume.get(), roomId);
        return check.isValid() && check.grant().getLinkRole() == link.getRole()
                && check.grant().getLinkGeneration() == link.getLinkGeneration();
    }

    private Route upgrade(String roomId, String link, int classCapacity) {
        // pekko-http's parser marks a request whose handshake it checked; the answer to it is ours (GuardedWebSocket).
        return extractRequest(request -> request.getAttribute(AttributeKeys.webSocketUpgrade)
                .map(upgrade -> admission.admit(request, link, classCapacity, watch -> {
                    ClientSession.Wiring session = wiring.apply(roomId);
                    WebSocketCloser closer = new WebSocketCloser();
                    return complete(webSockets.accept(request, session.settings().maxFrameBytes(), closer, watch,
                            SessionFlow.attributes(ClientSession.start(system, session, closer), session.settings().outboundBuffer(),
                                    session.settings().outboundBufferBytes())));
                }))
                .orElseGet(() -> complete(Problems.response(ProblemType.WEBSOCKET_EXPECTED, "expected a WebSocket upgrade"))));
    }
}
