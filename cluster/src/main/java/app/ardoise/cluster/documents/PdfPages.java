package app.ardoise.cluster.documents;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A PDF's pages as images, with PDFBox. Whatever a PDF holds, its conversion is bounded: the bytes PDFBox may
 * buffer while decoding streams (in memory, then in temp files, MemoryUsageSetting), its page count, each page's
 * size, and the time each page takes to render. The first limit reached refuses the whole document.
 */
final class PdfPages {
    private PdfPages() {
    }

    /**
     * @param pages renders one page at a time, so that a page over its time can be given up: the document is
     *     closed under it, which makes PDFBox's next read fail, and the thread is free again soon after
     */
    static List<RenderedPage> render(byte[] pdf, DocumentSettings settings, ExecutorService pages, ConversionProgress progress)
            throws DocumentRefused {
        MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(settings.memoryBytes(), settings.memoryBytes() + settings.tempBytes());
        PDDocument document;
        try {
            // Without a password: a PDF that needs one to open is refused, one whose owner password only
            // restricts printing or copying opens as in any reader.
            document = Loader.loadPDF(pdf, "", null, null, memory.streamCache);
        } catch (InvalidPasswordException e) {
            throw new DocumentRefused("encrypted", "this PDF is protected by a password: save it without one and upload it again", e);
        } catch (IOException | RuntimeException e) {
            throw new DocumentRefused("unreadable", "this file cannot be read as a PDF (it is damaged or not a PDF): " + e.getMessage(), e);
        }
        try (document) {
            document.setResourceCache(new ImageFreeCache());
            int count = document.getNumberOfPages();
            if (count == 0) {
                throw new DocumentRefused("unreadable", "this PDF has no pages");
            }
            if (count > settings.maxPages()) {
                throw new DocumentRefused("too_many_pages", "this PDF has " + count + " pages; at most "
                        + settings.maxPages() + " are accepted: split it and upload the part you need");
            }
            for (int index = 0; index < count; index++) {
                checkSize(document.getPage(index).getCropBox(), index, settings);
            }
            progress.pages(count);
            PDFRenderer renderer = new PDFRenderer(document);
            // An image far larger than its place on the page is decoded at the size it is drawn at, not its own.
            renderer.setSubsamplingAllowed(true);
            List<RenderedPage> rendered = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                rendered.add(renderOne(document, renderer, index, settings, pages));
                progress.done(index + 1);
            }
            return rendered;
        } catch (IOException e) {
            throw new DocumentRefused("unreadable", "this PDF cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkSize(PDRectangle box, int index, DocumentSettings settings) throws DocumentRefused {
        float width = box.getWidth();
        float height = box.getHeight();
        if (!(width > 0 && height > 0) || width > settings.maxPagePoints() || height > settings.maxPagePoints()) {
            throw new DocumentRefused("page_too_large", "page " + (index + 1) + " measures " + Math.round(width) + " × "
                    + Math.round(height) + " points; pages up to " + Math.round(settings.maxPagePoints()) + " points a side are accepted");
        }
    }

    private static RenderedPage renderOne(PDDocument document, PDFRenderer renderer, int index, DocumentSettings settings,
                                          ExecutorService pages) throws DocumentRefused {
        PDRectangle box = document.getPage(index).getCropBox();
        float scale = settings.pagePixels() / Math.max(box.getWidth(), box.getHeight());
        Future<BufferedImage> image = pages.submit(() -> renderer.renderImage(index, scale, ImageType.RGB));
        try {
            return PageImages.page(image.get(settings.pageTimeout().toMillis(), TimeUnit.MILLISECONDS), settings.thumbnailPixels());
        } catch (TimeoutException e) {
            image.cancel(true);
            closeQuietly(document);
            throw new DocumentRefused("page_too_slow", "page " + (index + 1) + " takes more than "
                    + settings.pageTimeout().toSeconds() + " s to draw: this PDF is too complex to show", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof OutOfMemoryError ? "it needs too much memory" : String.valueOf(cause.getMessage());
            throw new DocumentRefused("page_unreadable", "page " + (index + 1) + " cannot be drawn: " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocumentRefused("interrupted", "the node is stopping: upload the document again", e);
        } catch (IOException e) {
            throw new DocumentRefused("page_unreadable", "page " + (index + 1) + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException ignored) {
            // Given up already: the refusal says why.
        }
    }
}
