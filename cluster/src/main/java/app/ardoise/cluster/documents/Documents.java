package app.ardoise.cluster.documents;

import app.ardoise.cluster.blobs.BlobStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.Done;

/**
 * A class's documents: an upload converted (DocumentConverter), its pages stored as blobs (BlobStore), then listed
 * in class_documents. A document that fails, in conversion or in storage, leaves nothing: the blobs it stored
 * are released again before it reports its failure.
 */
public final class Documents {
    /** How long a finished upload's outcome stays to be polled. */
    private static final long KEPT_MILLIS = 10 * 60 * 1000L;

    private final DocumentConverter converter;
    private final BlobStore blobs;
    private final ClassDocuments table;
    private final Clock clock;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    public Documents(DocumentConverter converter, BlobStore blobs, ClassDocuments table, Clock clock) {
        this.converter = converter;
        this.blobs = blobs;
        this.table = table;
        this.clock = clock;
    }

    public DocumentSettings settings() {
        return converter.settings();
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Work of a conversion's weight on the conversions' threads (DocumentConverter#offload). */
    public <T> CompletionStage<T> offload(Supplier<T> work) {
        return converter.offload(work);
    }

    /**
     * Starts converting and answers the upload's id, whose progress is then {@link #upload}'s. An upload the node
     * is too busy to take has failed already when this returns.
     */
    public String start(String roomId, String name, byte[] bytes) {
        forgetOld();
        String documentId = UUID.randomUUID().toString();
        String key = key(roomId, documentId);
        uploads.put(key, Upload.started(documentId, name));
        ConversionProgress progress = new ConversionProgress() {
            @Override
            public void pages(int total) {
                update(key, upload -> upload.pages(total));
            }

            @Override
            public void done(int pagesDone) {
                update(key, upload -> upload.done(pagesDone));
            }
        };
        // The outcome is the upload's own state, which pollers read: nothing waits on this chain.
        converter.convert(bytes, progress)
                .thenCompose(pages -> {
                    update(key, Upload::storing);
                    return store(roomId, documentId, name, pages);
                })
                .handle((stored, failure) -> failure == null
                        ? update(key, upload -> upload.ready(stored, clock.millis()))
                        : update(key, upload -> upload.failed(refusal(failure), clock.millis())));
        return documentId;
    }

    /** An upload this node converts or converted lately, then any ready document of the class from Cassandra. */
    public CompletionStage<Optional<Upload>> upload(String roomId, String documentId) {
        Upload known = uploads.get(key(roomId, documentId));
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known));
        }
        return table.find(roomId, documentId).thenApply(found -> found.map(document -> new Upload(document.documentId(),
                document.name(), Upload.State.READY, document.pages().size(), document.pages().size(), Optional.empty(),
                Optional.of(document), 0)));
    }

    public CompletionStage<List<StoredDocument>> list(String roomId) {
        return table.list(roomId);
    }

    /** Everything of the class's documents: their rows, its references, and the blobs no other class refers to. */
    public CompletionStage<Done> erase(String roomId) {
        uploads.keySet().removeIf(key -> key.startsWith(roomId + "/"));
        return table.removeAll(roomId).thenCompose(done -> blobs.release(roomId));
    }

    private CompletionStage<StoredDocument> store(String roomId, String documentId, String name, List<RenderedPage> pages) {
        List<String> written = new ArrayList<>();
        CompletionStage<List<StoredDocument.StoredPage>> stored = CompletableFuture.completedFuture(new ArrayList<>());
        for (RenderedPage page : pages) {
            stored = stored.thenCompose(list -> blobs.put(roomId, "image/jpeg", page.image())
                    .thenCompose(image -> {
                        written.add(image);
                        return blobs.put(roomId, "image/jpeg", page.thumbnail()).thenApply(thumbnail -> {
                            written.add(thumbnail);
                            list.add(new StoredDocument.StoredPage(image, thumbnail, page.width(), page.height()));
                            return list;
                        });
                    }));
        }
        return stored.thenCompose(list -> {
                    StoredDocument document = new StoredDocument(documentId, name, clock.instant(), List.copyOf(list));
                    return table.add(roomId, document).thenApply(done -> document);
                })
                .exceptionallyCompose(failure -> releaseAll(roomId, written)
                        .thenApply(done -> { throw new CompletionException(new DocumentRefused("storage_failed",
                                "the pages could not be stored: try again", unwrap(failure))); }));
    }

    /** The blobs this upload stored, but those the class's other documents show too (an upload of the same file). */
    private CompletionStage<Done> releaseAll(String roomId, List<String> hashes) {
        return table.list(roomId).thenCompose(documents -> {
            Set<String> kept = documents.stream().flatMap(document -> document.pages().stream())
                    .flatMap(page -> Stream.of(page.image(), page.thumbnail()))
                    .collect(Collectors.toSet());
            CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
            for (String hash : Set.copyOf(hashes)) {
                if (!kept.contains(hash)) {
                    done = done.thenCompose(previous -> blobs.release(roomId, hash));
                }
            }
            return done;
        }).exceptionally(failure -> Done.getInstance());
    }

    private Upload update(String key, UnaryOperator<Upload> change) {
        return uploads.computeIfPresent(key, (k, upload) -> change.apply(upload));
    }

    private void forgetOld() {
        long before = clock.millis() - KEPT_MILLIS;
        uploads.values().removeIf(upload -> upload.endedAtMillis() != 0 && upload.endedAtMillis() < before);
    }

    private static DocumentRefused refusal(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof DocumentRefused refused
                ? refused
                : new DocumentRefused("storage_failed", "the document could not be stored: try again", cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String key(String roomId, String documentId) {
        return roomId + "/" + documentId;
    }
}
