package app.ardoise.cluster.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The bundle's files compressed once, at the first request for each: a class starting on a Monday
 * morning sends the same script to thousands of browsers, and gzip takes its size to a third. A file
 * that does not shrink is sent as it is.
 */
final class Gzipped {
    private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();

    /** The gzip form of {@code raw} (named {@code name}), or null when compressing saves nothing worth having. */
    byte[] of(String name, byte[] raw) {
        byte[] gzip = compressed.computeIfAbsent(name, key -> compress(raw));
        return gzip.length < raw.length * 9 / 10 ? gzip : null;
    }

    static boolean accepted(HttpRequest request) {
        return request.getHeader("Accept-Encoding")
                .map(header -> header.value().toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
    }

    private static byte[] compress(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
