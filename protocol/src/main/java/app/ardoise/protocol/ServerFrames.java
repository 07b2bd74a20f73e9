package app.ardoise.protocol;

import app.ardoise.protocol.v1.Ack;
import app.ardoise.protocol.v1.Error;
import app.ardoise.protocol.v1.ServerFrame;

/** The two replies every command may get, built the same way wherever they are sent from. */
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
}
