package app.ardoise.cluster.documents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What an upload is, from its first bytes rather than the name or type the browser gives, which a renamed
 * file would get wrong.
 */
enum FileKind {
    PDF, PNG, JPEG, WEBP, OFFICE, OTHER;

    /** The part every Office Open XML package has, named in its ZIP directory. */
    private static final byte[] OOXML_TYPES = "[Content_Types].xml".getBytes(StandardCharsets.US_ASCII);
    /** An OpenDocument's first entry: "mimetype", stored uncompressed, holding the document's type. */
    private static final byte[] ODF_TYPE = "mimetypeapplication/vnd.oasis.opendocument.".getBytes(StandardCharsets.US_ASCII);

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
        // Office Open XML and OpenDocument are ZIP files that name their parts' types; the older Office formats
        // OLE compound files. Any other ZIP is not a document: LibreOffice would show its bytes as text.
        if (startsWith(bytes, 0, new byte[] {'P', 'K', 3, 4}) && (contains(bytes, OOXML_TYPES) || startsWith(bytes, 30, ODF_TYPE))
                || startsWith(bytes, 0, new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1})) {
            return OFFICE;
        }
        return OTHER;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        for (int at = 0; at + part.length <= bytes.length; at++) {
            if (startsWith(bytes, at, part)) {
                return true;
            }
        }
        return false;
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
