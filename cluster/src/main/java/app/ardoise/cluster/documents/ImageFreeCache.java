package app.ardoise.cluster.documents;

import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.DefaultResourceCache;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;

/**
 * PDFBox's resource cache without its images. The default one keeps every decoded image behind a soft
 * reference for the document's life: a 200-page PDF with a photograph a page filled the old generation with
 * them (680 MiB of a 1 GiB heap, bench/document-chat-bench), and the full collections that followed paused
 * every class on the node. A page's images are rarely drawn on another page; fonts and colour spaces are,
 * and stay cached.
 */
final class ImageFreeCache extends DefaultResourceCache {
    @Override
    public void put(COSObject indirect, PDXObject xobject) {
        // Not kept: decoded again on the rare page that shows the same image.
    }
}
