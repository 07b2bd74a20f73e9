package app.ardoise.cluster.blobs;

/** A stored blob's bytes and the type to serve them with. */
public record Blob(String hash, String contentType, byte[] bytes) {
}
