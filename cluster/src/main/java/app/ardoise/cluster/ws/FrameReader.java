package app.ardoise.cluster.ws;

import static java.nio.charset.StandardCharsets.UTF_8;

import app.ardoise.protocol.CloseCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import org.apache.pekko.http.impl.engine.ws.FrameData;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameHeader;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Turns the frame events a client sends (as pekko-http's parser cuts them: a frame's header with the first
 * part of its payload, then the rest in pieces) into whole messages and control frames, by RFC 6455's rules
 * for a server: every client frame masked, no extension bits, control frames whole and at most 125 bytes,
 * fragments in order, text in UTF-8. A data message is handed on only once complete, so nothing downstream
 * ever sees part of a message, and one over the size limit is refused from its headers, before its bytes
 * arrive.
 */
final class FrameReader {
    private static final int MAX_CONTROL_PAYLOAD = 125;
    /** The code RFC 6455 reports for a close frame that carried none; never sent. */
    static final int NO_STATUS = 1005;

    /** What one frame event amounts to. {@link #accept} makes the endpoint name every case. */
    sealed interface Read {
        void accept(Handler handler);
    }

    /** One method per kind of read. */
    interface Handler {
        void partial();

        void binary(Binary binary);

        void text(Text text);

        void ping(Ping ping);

        void pong();

        void close(Close close);

        void violation(Violation violation);
    }

    /** More of a frame or message is to come. */
    record Partial() implements Read {
        @Override
        public void accept(Handler handler) {
            handler.partial();
        }
    }

    record Binary(ByteString data) implements Read {
        @Override
        public void accept(Handler handler) {
            handler.binary(this);
        }
    }

    record Text(String text) implements Read {
        @Override
        public void accept(Handler handler) {
            handler.text(this);
        }
    }

    record Ping(ByteString payload) implements Read {
        @Override
        public void accept(Handler handler) {
            handler.ping(this);
        }
    }

    record Pong() implements Read {
        @Override
        public void accept(Handler handler) {
            handler.pong();
        }
    }

    /** The peer's close frame; its code is 1005 when it sent none, as RFC 6455 reports that case. */
    record Close(int code, String reason) implements Read {
        @Override
        public void accept(Handler handler) {
            handler.close(this);
        }
    }

    /** The client broke the protocol: the connection is to be closed with this code and reason. */
    record Violation(CloseRequest close) implements Read {
        @Override
        public void accept(Handler handler) {
            handler.violation(this);
        }
    }

    private static final Partial PARTIAL = new Partial();
    private static final Pong PONG = new Pong();

    private final long maxMessageBytes;

    // The frame being read.
    private int opcode;
    private boolean fin;
    private int mask;
    private ByteStringBuilder control;

    // The data message being read: null between messages.
    private ByteStringBuilder message;
    private boolean messageIsText;
    private long messageBytes;

    FrameReader(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    Read read(FrameEvent event) {
        if (event instanceof FrameStart start) {
            Violation refused = begin(start.header());
            return refused != null ? refused : payload(start.data(), start.lastPart());
        }
        FrameData data = (FrameData) event;
        return payload(data.data(), data.lastPart());
    }

    /** Whether the frame event starts a close frame, which is all that matters once closing has begun. */
    static boolean startsClose(FrameEvent event) {
        return event instanceof FrameStart start && start.header().opcode().code() == 0x8;
    }

    private Violation begin(FrameHeader header) {
        if (header.rsv1() || header.rsv2() || header.rsv3()) {
            return violation(CloseCode.PROTOCOL_ERROR, "reserved bits set, but no extension was agreed");
        }
        if (header.mask().isEmpty()) {
            return violation(CloseCode.PROTOCOL_ERROR, "a client frame must be masked");
        }
        opcode = header.opcode().code();
        fin = header.fin();
        mask = (Integer) header.mask().get();
        switch (opcode) {
            case 0x1, 0x2 -> {
                if (message != null) {
                    return violation(CloseCode.PROTOCOL_ERROR, "a new message began inside a fragmented one");
                }
                message = new ByteStringBuilder();
                messageIsText = opcode == 0x1;
                messageBytes = 0;
                return admit(header.length());
            }
            case 0x0 -> {
                if (message == null) {
                    return violation(CloseCode.PROTOCOL_ERROR, "a continuation frame with no message begun");
                }
                return admit(header.length());
            }
            case 0x8, 0x9, 0xA -> {
                if (!fin || header.length() > MAX_CONTROL_PAYLOAD) {
                    return violation(CloseCode.PROTOCOL_ERROR, "a control frame must be whole and at most 125 bytes");
                }
                control = new ByteStringBuilder();
                return null;
            }
            default -> {
                return violation(CloseCode.PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
        }
    }

    private Violation admit(long frameBytes) {
        // Compared this way round because a hostile 64-bit length would overflow a sum.
        if (frameBytes > maxMessageBytes - messageBytes) {
            return violation(CloseCode.TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
        messageBytes += frameBytes;
        return null;
    }

    private Read payload(ByteString masked, boolean lastPart) {
        ByteString data = unmask(masked);
        boolean isData = opcode <= 0x2;
        (isData ? message : control).append(data);
        if (!lastPart) {
            return PARTIAL;
        }
        return isData ? endOfDataFrame() : endOfControlFrame();
    }

    private Read endOfDataFrame() {
        if (!fin) {
            return PARTIAL;
        }
        ByteString whole = message.result();
        message = null;
        if (!messageIsText) {
            return new Binary(whole);
        }
        String text = utf8(whole);
        return text != null ? new Text(text) : violation(CloseCode.INVALID_PAYLOAD, "text that is not UTF-8");
    }

    private Read endOfControlFrame() {
        ByteString payload = control.result();
        control = null;
        return switch (opcode) {
            case 0x9 -> new Ping(payload);
            case 0xA -> PONG;
            default -> close(payload);
        };
    }

    private static Read close(ByteString payload) {
        if (payload.isEmpty()) {
            return new Close(NO_STATUS, "");
        }
        if (payload.size() == 1) {
            return violation(CloseCode.PROTOCOL_ERROR, "a close frame with a one-byte payload");
        }
        int code = ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF);
        String reason = utf8(payload.drop(2));
        if (reason == null) {
            return violation(CloseCode.INVALID_PAYLOAD, "a close reason that is not UTF-8");
        }
        try {
            return new Close(new CloseRequest(code, reason).code(), reason);
        } catch (IllegalArgumentException notSendable) {
            return violation(CloseCode.PROTOCOL_ERROR, "close code " + code + " may not be sent");
        }
    }

    /** XORs with the frame's key, which carries on where the last part of the same frame left off. */
    private ByteString unmask(ByteString masked) {
        byte[] bytes = new byte[masked.size()];
        masked.asByteBuffer().get(bytes);
        int key = mask;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= (byte) (key >>> 24);
            key = Integer.rotateLeft(key, 8);
        }
        mask = key;
        return ByteString.fromArrayUnsafe(bytes);
    }

    private static String utf8(ByteString bytes) {
        try {
            return UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toArrayUnsafe()))
                    .toString();
        } catch (CharacterCodingException malformed) {
            return null;
        }
    }

    private static Violation violation(int code, String reason) {
        return new Violation(new CloseRequest(code, reason));
    }
}
