package app.ardoise.media;

/**
 * Receives the events of one {@link SignalStream}.
 *
 * <p>Calls are made one at a time and in the order the SFU sent them, never concurrently, but
 * not always on the same thread (gRPC's threads, the client's timer, or a thread that just
 * called the stream). The listener must not block: an actor sends the event to itself.
 * It may call the stream back; such calls run after the current event has been delivered.
 */
@FunctionalInterface
public interface SignalListener {

    void onEvent(SfuEvent event);
}
