package app.ardoise.cluster.documents;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns an uploaded file into pages, on threads of its own: a conversion takes seconds of CPU, which on the
 * classes' dispatchers would hold up their messages. At most {@code threads} run at once and {@code queue} wait;
 * past that an upload is refused (busy) rather than queued without end.
 */
public final class DocumentConverter implements AutoCloseable {
    private final DocumentSettings settings;
    private final OfficeConverter office;
    private final ThreadPoolExecutor conversions;
    private final ExecutorService pages;

    public DocumentConverter(DocumentSettings settings, OfficeConverter office) {
        this.settings = settings;
        this.office = office;
        this.conversions = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), daemons("ardoise-document-"));
        this.pages = Executors.newFixedThreadPool(settings.threads(), daemons("ardoise-document-page-"));
    }

    public DocumentSettings settings() {
        return settings;
    }

    /** Fails with {@link DocumentRefused} for a file that cannot be shown, at once when the node is busy. */
    public CompletionStage<List<RenderedPage>> convert(byte[] bytes, ConversionProgress progress) {
        CompletableFuture<List<RenderedPage>> result = new CompletableFuture<>();
        try {
            conversions.execute(() -> {
                try {
                    result.complete(convertNow(bytes, progress));
                } catch (DocumentRefused refused) {
                    result.completeExceptionally(refused);
                } catch (RuntimeException | OutOfMemoryError e) {
                    result.completeExceptionally(new DocumentRefused("unreadable", "this file cannot be converted: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DocumentRefused("busy", "the server is converting other documents: try again in a minute", e));
        }
        return result;
    }

    /**
     * Other work of a conversion's weight (a board's export) on the same threads and queue, so that the node's
     * CPU for documents stays bounded whatever it is asked.
     *
     * @throws RejectedExecutionException at once when the threads and the queue are full
     */
    public <T> CompletionStage<T> offload(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, conversions);
    }

    /** On the calling thread: the pool's own conversions, and tests that need no queue. */
    public List<RenderedPage> convertNow(byte[] bytes, ConversionProgress progress) throws DocumentRefused {
        return switch (FileKind.of(bytes)) {
            case PDF -> PdfPages.render(bytes, settings, pages, progress);
            case PNG -> ImagePages.render(bytes, "png", settings, progress);
            case JPEG -> ImagePages.render(bytes, "jpeg", settings, progress);
            case WEBP -> ImagePages.render(bytes, "webp", settings, progress);
            // The PDF LibreOffice writes is held to every limit an uploaded one is.
            case OFFICE -> PdfPages.render(office.toPdf(bytes), settings, pages, progress);
            case OTHER -> throw new DocumentRefused("unsupported_type", office.available()
                    ? "only PDF files, office documents (Word, PowerPoint, OpenDocument) and PNG, JPEG or WebP images can be shown"
                    : "only PDF files and PNG, JPEG or WebP images can be shown");
        };
    }

    @Override
    public void close() {
        conversions.shutdownNow();
        pages.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            // Below the classes' dispatchers, should both want the same core.
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        };
    }
}
