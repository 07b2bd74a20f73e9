package app.ardoise.cluster.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An uploaded image as one page. Its size is read from its header before any pixel is decoded, so that a small
 * file declaring a huge image (an image bomb) is refused without the memory it would take.
 */
final class ImagePages {
    /** 40 megapixels: a phone photo of a textbook page is 12 to 50; more is downscaled on decoding (subsampling). */
    private static final long MAX_DECODED_PIXELS = 40_000_000L;
    private static final long MAX_DECLARED_PIXELS = 400_000_000L;

    private ImagePages() {
    }

    static List<RenderedPage> render(byte[] bytes, String format, DocumentSettings settings, ConversionProgress progress)
            throws DocumentRefused {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DocumentRefused("unsupported_image", "this " + format.toUpperCase(Locale.ROOT)
                        + " image cannot be read (it is damaged)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > MAX_DECLARED_PIXELS) {
                    throw new DocumentRefused("image_too_large", "this image declares " + width + " × " + height
                            + " pixels, more than the server decodes");
                }
                progress.pages(1);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.ceil(Math.sqrt((double) width * height / MAX_DECODED_PIXELS));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                double scale = Math.min(1.0, (double) settings.pagePixels() / Math.max(image.getWidth(), image.getHeight()));
                RenderedPage page = PageImages.page(PageImages.scaled(image, scale), settings.thumbnailPixels());
                progress.done(1);
                return List.of(page);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DocumentRefused("unreadable", "this image cannot be read (it is damaged): " + e.getMessage(), e);
        }
    }
}
