package app.ardoise.cluster.export;

import app.ardoise.cluster.blobs.Blob;
import app.ardoise.cluster.documents.DocumentSettings;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.WhiteboardDocument;
import app.ardoise.protocol.whiteboard.VisiblePage;
import app.ardoise.protocol.whiteboard.VisibleShape;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pdfbox.io.MemoryUsageSetting;

/**
 * Exports a class's board as a PDF (BoardPdf), off the classes' dispatchers: the board is laid out and drawn on
 * the documents' conversion threads, its pictures read from the class's blobs in between. Bounded like a
 * conversion: refused at once when those threads are taken, and past {@code export-timeout} or
 * {@code export-max-bytes} of pictures.
 */
public final class BoardExports {
    /** Path segments and characters: some 60 MB of content at most, far past any board drawn by hand. */
    private static final long MAX_WRITTEN = 5_000_000;

    private final Documents documents;
    private final Clock clock;

    public BoardExports(Documents documents, Clock clock) {
        this.documents = documents;
        this.clock = clock;
    }

    /** Fails with {@link ExportRefused} when the node is busy or the board over the export's bounds. */
    public CompletionStage<byte[]> export(String roomId, WhiteboardDocument board) {
        DocumentSettings settings = documents.settings();
        Instant deadline = clock.instant().plus(settings.exportTimeout());
        try {
            return documents.offload(() -> shown(board))
                    .thenCompose(pages -> pictures(roomId, pages, settings.exportMaxBytes())
                            .thenCompose(pictures -> documents.offload(() -> BoardPdf.render(pages, pictures, settings.exportFont(), deadline, MAX_WRITTEN,
                                    clock, MemoryUsageSetting.setupMixed(settings.memoryBytes(), settings.tempBytes())))))
                    .exceptionally(BoardExports::rethrow);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(busy());
        }
    }

    /** A board always has a page; one that has none shows as one blank page rather than an empty PDF. */
    private static List<VisiblePage> shown(WhiteboardDocument board) {
        List<VisiblePage> pages = WhiteboardDoc.fromProto(board).visiblePages();
        return pages.isEmpty() ? List.of(new VisiblePage("", "", List.of())) : pages;
    }

    /** One read at a time, so that the bytes held stay under the bound as they are counted. */
    private CompletionStage<Map<String, byte[]>> pictures(String roomId, List<VisiblePage> pages, long maxBytes) {
        Set<String> hashes = new TreeSet<>();
        for (VisiblePage page : pages) {
            for (VisibleShape shape : page.shapes()) {
                if (shape.kind() == ShapeKind.SHAPE_KIND_IMAGE && !shape.props().getImage().isEmpty()) {
                    hashes.add(shape.props().getImage());
                }
            }
        }
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        CompletionStage<Long> read = CompletableFuture.completedFuture(0L);
        for (String hash : hashes) {
            read = read.thenCompose(total -> documents.blobs().get(roomId, hash).thenApply(found -> {
                long sum = total + found.map(blob -> (long) blob.bytes().length).orElse(0L);
                if (sum > maxBytes) {
                    throw new ExportRefused(false, "this board's pictures are more than the export takes");
                }
                found.map(Blob::bytes).ifPresent(bytes -> pictures.put(hash, bytes));
                return sum;
            }));
        }
        return read.thenApply(total -> pictures);
    }

    private static byte[] rethrow(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ExportRefused refused) {
            throw refused;
        }
        if (cause instanceof RejectedExecutionException) {
            throw busy();
        }
        throw new CompletionException(cause);
    }

    private static ExportRefused busy() {
        return new ExportRefused(true, "the server is converting documents: try again in a minute");
    }
}
