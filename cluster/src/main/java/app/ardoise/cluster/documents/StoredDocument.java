package app.ardoise.cluster.documents;

import java.time.Instant;
import java.util.List;

/** A converted document of a class: its pages' and thumbnails' blob hashes in page order, and each page's size. */
public record StoredDocument(String documentId, String name, Instant createdAt, List<StoredPage> pages) {
    public record StoredPage(String image, String thumbnail, int width, int height) {
    }
}
