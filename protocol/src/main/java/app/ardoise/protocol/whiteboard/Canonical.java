package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Byte-exact text forms shared with the TypeScript twin (protocol/WHITEBOARD.md, "Digests"). */
final class Canonical {

    private Canonical() {}

    /** Makes a string safe inside a tab-separated line; everything else stays as is. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The enum value's name from the .proto, or its number when this build does not know it. */
    static String kind(int kindValue) {
        ShapeKind kind = ShapeKind.forNumber(kindValue);
        return kind == null ? Integer.toString(kindValue) : kind.name();
    }

    static String points(List<Integer> points) {
        return points.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static String sha256Hex(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
