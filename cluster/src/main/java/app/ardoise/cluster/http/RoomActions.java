package app.ardoise.cluster.http;

import app.ardoise.cluster.contract.ActResult;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.RoomAction;
import app.ardoise.protocol.v1.RoomActionResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST .../actions}: a teacher's action on a class from outside it (the waiting room, chat moderation,
 * hands, removing someone), for the operator under /api/v1/rooms and for the owner under /api/v1/my/classes. The
 * body is a RoomAction; the class judges it as it judges the same action from a teacher's WebSocket.
 */
final class RoomActions extends AllDirectives {
    private final RoomDirectory rooms;
    private final ClassCreation bodies;

    RoomActions(RoomDirectory rooms, ClassCreation bodies) {
        this.rooms = rooms;
        this.bodies = bodies;
    }

    Route act(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            return complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
        }
        return bodies.body(body -> frame(body)
                .<Route>map(frame -> onSuccess(rooms.act(roomId, frame), this::answer))
                .orElseGet(() -> complete(Problems.response(ProblemType.INVALID_ACTION,
                        "the body must be a RoomAction with one action set, e.g. {\"admitAll\":{}}"))));
    }

    /** The action as the frame a teacher's client would send it in; empty when the body holds none. */
    static Optional<ClientFrame> frame(String body) {
        RoomAction.Builder action = RoomAction.newBuilder();
        try {
            JsonBodies.parse(body, action);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        ClientFrame.Builder frame = ClientFrame.newBuilder();
        switch (action.getActionCase()) {
            case SET_ENTRY_POLICY -> frame.setSetEntryPolicy(action.getSetEntryPolicy());
            case ADMIT -> frame.setAdmit(action.getAdmit());
            case ADMIT_ALL -> frame.setAdmitAll(action.getAdmitAll());
            case REFUSE -> frame.setRefuse(action.getRefuse());
            case DELETE_CHAT_MESSAGE -> frame.setDeleteChatMessage(action.getDeleteChatMessage());
            case CLEAR_CHAT -> frame.setClearChat(action.getClearChat());
            case SET_CHAT_MUTED -> frame.setSetChatMuted(action.getSetChatMuted());
            case LOWER_ALL_HANDS -> frame.setLowerAllHands(action.getLowerAllHands());
            case REMOVE_PARTICIPANT -> frame.setRemoveParticipant(action.getRemoveParticipant());
            case ACTION_NOT_SET -> {
                return Optional.empty();
            }
        }
        return Optional.of(frame.build());
    }

    private Route answer(ActResult result) {
        return switch (result.outcome()) {
            case DONE -> complete(HttpResponse.create().withEntity(JsonBodies.render(
                    RoomActionResponse.newBuilder().setSeq(result.seq()).build())));
            case REFUSED -> complete(Problems.response(ProblemType.ACTION_REFUSED, result.code() + ": " + result.message()));
            case UNKNOWN -> complete(Problems.response(ProblemType.UNKNOWN_CLASS, "no such class"));
        };
    }
}
