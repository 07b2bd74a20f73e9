package app.ardoise.protocol;

import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads a server's binary WebSocket messages as they reach a Java client (the JDK's hands them over
 * in fragments): each whole message as its ServerFrames, an {@code events} frame split into one
 * frame per event. One reader per connection; not thread-safe, as a WebSocket listener needs none.
 */
public final class ServerMessageReader {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** The frames of the message this fragment ends, or none while the message goes on. */
    public List<ServerFrame> read(ByteBuffer fragment, boolean last) throws InvalidProtocolBufferException {
        if (last && partial.size() == 0) {
            return ServerFrames.split(ServerFrame.parseFrom(fragment));
        }
        byte[] bytes = new byte[fragment.remaining()];
        fragment.get(bytes);
        partial.writeBytes(bytes);
        if (!last) {
            return List.of();
        }
        try {
            return ServerFrames.split(ServerFrame.parseFrom(partial.toByteArray()));
        } finally {
            partial.reset();
        }
    }
}
