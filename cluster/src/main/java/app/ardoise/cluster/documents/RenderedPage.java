package app.ardoise.cluster.documents;

/** One page of a document as the board shows it: a JPEG at screen resolution, its thumbnail, and its size in pixels. */
public record RenderedPage(byte[] image, byte[] thumbnail, int width, int height) {
}
