package app.ardoise.cluster.documents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What an upload is, from its first bytes rather than the name or type the browser gives, which a renamed
 * file would get wrong.
 */
enum FileKind {
    PDF, PNG, JPEG, WEBP, OFFICE, OTHER;

    static FileKind of(byte[] bytes) {
        if (startsWith(bytes, 0, "%PDF-".getBytes(StandardCharsets.US_ASCII)) || pdfAfterJunk(bytes)) {
            return PDF;
        }
        if (startsWith(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
            return PNG;
        }
        if (startsWith(bytes, 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
            return JPEG;
        }
        if (startsWith(bytes, 0, "RIFF".getBytes(StandardCharsets.US_ASCII)) && startsWith(bytes, 8, "WEBP".getBytes(StandardCharsets.US_ASCII))) {
            return WEBP;
        }
        // Office Open XML and OpenDocument are ZIP files; the older Office formats OLE compound files.
        if (startsWith(bytes, 0, new byte[] {'P', 'K', 3, 4})
                || startsWith(bytes, 0, new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1})) {
            return OFFICE;
        }
        return OTHER;
    }

    /** Readers accept a header within the first KiB (some generators write a few bytes before it); so do we. */
    private static boolean pdfAfterJunk(byte[] bytes) {
        byte[] header = "%PDF-".getBytes(StandardCharsets.US_ASCII);
        int end = Math.min(bytes.length, 1024);
        for (int at = 1; at + header.length <= end; at++) {
            if (startsWith(bytes, at, header)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
