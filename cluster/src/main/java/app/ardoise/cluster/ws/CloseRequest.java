package app.ardoise.cluster.ws;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A close code and reason that can go out in one close frame. Codes a peer would reject are refused here,
 * on the caller's thread, rather than breaking the connection later; the reason is cut to fit because
 * RFC 6455 caps a control frame's payload at 125 bytes, two of which are the code.
 */
record CloseRequest(int code, String reason) {
    static final int MAX_REASON_BYTES = 123;

    CloseRequest {
        if (!sendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent in a close frame");
        }
        reason = fit(reason == null ? "" : reason);
    }

    // 1004-1006 and 1015 only ever describe a close locally; pekko-http refuses the rest below 3000 too.
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    private static String fit(String reason) {
        byte[] utf8 = reason.getBytes(UTF_8);
        if (utf8.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while ((utf8[end] & 0xC0) == 0x80) {
            end--; // a continuation byte: cutting here would split a character
        }
        return new String(utf8, 0, end, UTF_8);
    }
}
