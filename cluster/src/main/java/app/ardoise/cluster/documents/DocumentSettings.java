package app.ardoise.cluster.documents;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What a node accepts of the documents teachers upload, and what converting one may take: {@code ardoise.documents}. */
public record DocumentSettings(
        long maxBytes,
        int maxPages,
        int pagePixels,
        int thumbnailPixels,
        float maxPagePoints,
        Duration pageTimeout,
        long memoryBytes,
        long tempBytes,
        int threads,
        int queue,
        Duration exportTimeout,
        long exportMaxBytes,
        Optional<Path> exportFont) {

    public DocumentSettings {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ardoise.documents.max-bytes (ARDOISE_DOCUMENT_MAX_BYTES) must be 1 byte to 2 GiB, not " + maxBytes);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("ardoise.documents.max-pages (ARDOISE_DOCUMENT_MAX_PAGES) must be 1 or more, not " + maxPages);
        }
        if (pagePixels < 16 || thumbnailPixels < 16 || threads < 1 || queue < 1 || maxPagePoints < 1) {
            throw new IllegalArgumentException("ardoise.documents: page-pixels and thumbnail-pixels must be 16 or more, "
                    + "threads and queue 1 or more, max-page-points 1 or more");
        }
        if (exportTimeout.isNegative() || exportTimeout.isZero() || exportMaxBytes < 1) {
            throw new IllegalArgumentException("ardoise.documents: export-timeout and export-max-bytes must be more than 0");
        }
    }

    public static DocumentSettings from(Config config) {
        Config documents = config.getConfig("ardoise.documents");
        return new DocumentSettings(
                documents.getBytes("max-bytes"),
                documents.getInt("max-pages"),
                documents.getInt("page-pixels"),
                documents.getInt("thumbnail-pixels"),
                (float) documents.getDouble("max-page-points"),
                documents.getDuration("page-timeout"),
                documents.getBytes("memory-bytes"),
                documents.getBytes("temp-bytes"),
                documents.getInt("threads"),
                documents.getInt("queue"),
                documents.getDuration("export-timeout"),
                documents.getBytes("export-max-bytes"),
                Optional.of(documents.getString("export-font")).filter(name -> !name.isBlank()).map(Path::of));
    }
}
