package app.ardoise.cluster.blobs;

import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Content-addressed blobs in Cassandra (documents.cql, installed by SchemaInstaller), in chunks, through the
 * journal's own session: no other store to run. A blob is stored for a class, which refers to it; a participant
 * of that class only may read it (the HTTP side checks who asks, this checks that the class refers to it). A blob
 * no class refers to any more is deleted ({@link #release}).
 */
public final class BlobStore {
    static final int CHUNK_BYTES = 512 * 1024;

    private final ActorSystem<?> system;
    private final String keyspace;

    public BlobStore(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.keyspace = keyspace;
    }

    /**
     * Stores the bytes for the class and answers their hash. The class's reference is written first, then the
     * chunks, then the row that marks the blob complete: a collector that saw no reference before ours deletes
     * with a timestamp older than every write here ({@link #collect}), so it cannot take this blob away.
     */
    public CompletionStage<String> put(String roomId, String contentType, byte[] bytes) {
        String hash = BlobHash.of(bytes);
        int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        CompletionStage<Done> written = refer(roomId, hash);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int index = chunk;
            ByteBuffer data = ByteBuffer.wrap(Arrays.copyOfRange(bytes, chunk * CHUNK_BYTES,
                    Math.min(bytes.length, (chunk + 1) * CHUNK_BYTES)));
            written = written.thenCompose(done -> session().executeWrite(
                    "INSERT INTO " + table("blob_chunks") + " (hash, chunk, data) VALUES (?, ?, ?)", hash, index, data));
        }
        return written.thenCompose(done -> session().executeWrite(
                        "INSERT INTO " + table("blobs") + " (hash, content_type, size, chunks) VALUES (?, ?, ?, ?)",
                        hash, contentType, (long) bytes.length, chunks))
                .thenApply(done -> hash);
    }

    /** The blob if this class refers to it and it is complete; empty otherwise, whether it exists or not. */
    public CompletionStage<Optional<Blob>> get(String roomId, String hash) {
        return session().selectOne("SELECT hash FROM " + table("class_blobs") + " WHERE room_id = ? AND hash = ?", roomId, hash)
                .thenCompose(referred -> referred.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<Blob>empty())
                        : read(hash));
    }

    /** The hashes of every blob the class refers to. */
    public CompletionStage<List<String>> referredBy(String roomId) {
        return session().selectAll("SELECT hash FROM " + table("class_blobs") + " WHERE room_id = ?", roomId)
                .thenApply(rows -> rows.stream().map(row -> row.getString("hash")).toList());
    }

    /** Forgets every blob the class refers to, and deletes those no other class refers to. */
    public CompletionStage<Done> release(String roomId) {
        return referredBy(roomId).thenCompose(hashes -> {
            CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
            for (String hash : hashes) {
                done = done.thenCompose(previous -> release(roomId, hash));
            }
            return done;
        });
    }

    /** Drops one class's reference to a blob (a document that failed half-way), then collects it if unreferenced. */
    public CompletionStage<Done> release(String roomId, String hash) {
        return session().executeWrite("DELETE FROM " + table("blob_classes") + " WHERE hash = ? AND room_id = ?", hash, roomId)
                .thenCompose(done -> session().executeWrite(
                        "DELETE FROM " + table("class_blobs") + " WHERE room_id = ? AND hash = ?", roomId, hash))
                .thenCompose(done -> collect(hash));
    }

    /**
     * Deletes the blob if no class refers to it. The delete carries the time taken before the references were
     * read: a class that refers to the blob after that instant (an upload of the same content) writes its chunks
     * later, and Cassandra keeps those writes over an older delete.
     */
    public CompletionStage<Done> collect(String hash) {
        long before = System.currentTimeMillis() * 1000;
        return session().selectOne("SELECT room_id FROM " + table("blob_classes") + " WHERE hash = ? LIMIT 1", hash)
                .thenCompose(referred -> referred.isPresent()
                        ? CompletableFuture.completedFuture(Done.getInstance())
                        : session().executeWrite("DELETE FROM " + table("blobs") + " USING TIMESTAMP ? WHERE hash = ?", before, hash)
                                .thenCompose(done -> session().executeWrite(
                                        "DELETE FROM " + table("blob_chunks") + " USING TIMESTAMP ? WHERE hash = ?", before, hash)));
    }

    private CompletionStage<Done> refer(String roomId, String hash) {
        return session().executeWrite("INSERT INTO " + table("blob_classes") + " (hash, room_id) VALUES (?, ?)", hash, roomId)
                .thenCompose(done -> session().executeWrite(
                        "INSERT INTO " + table("class_blobs") + " (room_id, hash) VALUES (?, ?)", roomId, hash));
    }

    private CompletionStage<Optional<Blob>> read(String hash) {
        return session().selectOne("SELECT content_type, size, chunks FROM " + table("blobs") + " WHERE hash = ?", hash)
                .thenCompose(meta -> meta.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<Blob>empty())
                        : session().selectAll("SELECT chunk, data FROM " + table("blob_chunks") + " WHERE hash = ?", hash)
                                .thenApply(chunks -> assembled(hash, meta.get(), chunks)));
    }

    /** Empty when chunks are missing (a collector got there first): never a truncated blob. */
    private static Optional<Blob> assembled(String hash, Row meta, List<Row> chunks) {
        int expected = meta.getInt("chunks");
        long size = meta.getLong("size");
        if (chunks.size() != expected) {
            return Optional.empty();
        }
        byte[] bytes = new byte[Math.toIntExact(size)];
        int at = 0;
        List<Row> ordered = new ArrayList<>(chunks);
        ordered.sort((a, b) -> Integer.compare(a.getInt("chunk"), b.getInt("chunk")));
        for (Row row : ordered) {
            ByteBuffer data = row.getByteBuffer("data");
            int length = data.remaining();
            if (at + length > bytes.length) {
                return Optional.empty();
            }
            data.get(bytes, at, length);
            at += length;
        }
        return at == bytes.length ? Optional.of(new Blob(hash, meta.getString("content_type"), bytes)) : Optional.empty();
    }

    private String table(String name) {
        return keyspace + "." + name;
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
