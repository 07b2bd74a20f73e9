package app.ardoise.protocol;

import app.ardoise.protocol.v1.Ack;
import app.ardoise.protocol.v1.Error;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomEvents;
import app.ardoise.protocol.v1.ServerFrame;
import java.util.List;

/** Frames built the same way wherever they are sent from: the two replies every command may get, and events. */
public final class ServerFrames {
    private ServerFrames() {}

    public static ServerFrame ack(long clientSeq, long seq) {
        return ServerFrame.newBuilder().setAck(Ack.newBuilder().setClientSeq(clientSeq).setSeq(seq)).build();
    }

    public static ServerFrame error(long clientSeq, String code, String message) {
        return ServerFrame.newBuilder()
                .setError(Error.newBuilder().setClientSeq(clientSeq).setCode(code).setMessage(message))
                .build();
    }

    /** One event as an {@code event} frame, several (in seq order) as one {@code events} frame. */
    public static ServerFrame events(List<RoomEvent> events) {
        ServerFrame.Builder frame = ServerFrame.newBuilder();
        return events.size() == 1
                ? frame.setEvent(events.get(0)).build()
                : frame.setEvents(RoomEvents.newBuilder().addAllEvents(events)).build();
    }

    /** The events a frame carries, in order: none, one, or those of an {@code events} frame. */
    public static List<RoomEvent> eventsOf(ServerFrame frame) {
        return switch (frame.getBodyCase()) {
            case EVENT -> List.of(frame.getEvent());
            case EVENTS -> frame.getEvents().getEventsList();
            default -> List.of();
        };
    }

    /**
     * An {@code events} frame as one {@code event} frame per event, for readers that take events one
     * at a time; any other frame as it is.
     */
    public static List<ServerFrame> split(ServerFrame frame) {
        if (frame.getBodyCase() != ServerFrame.BodyCase.EVENTS) {
            return List.of(frame);
        }
        return frame.getEvents().getEventsList().stream()
                .map(event -> ServerFrame.newBuilder().setEvent(event).build()).toList();
    }
}
