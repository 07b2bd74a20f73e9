package app.ardoise.cluster.documents;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/** A class's converted documents: the table {@code class_documents} (documents.cql), through the journal's session. */
public final class ClassDocuments {
    private static final String COLUMNS = "document_id, name, created_at, pages, thumbnails, widths, heights";

    private final ActorSystem<?> system;
    private final String table;

    public ClassDocuments(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".class_documents";
    }

    CompletionStage<Done> add(String roomId, StoredDocument document) {
        List<String> images = document.pages().stream().map(StoredDocument.StoredPage::image).toList();
        List<String> thumbnails = document.pages().stream().map(StoredDocument.StoredPage::thumbnail).toList();
        List<Integer> widths = document.pages().stream().map(StoredDocument.StoredPage::width).toList();
        List<Integer> heights = document.pages().stream().map(StoredDocument.StoredPage::height).toList();
        return session().executeWrite("INSERT INTO " + table + " (room_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                roomId, document.documentId(), document.name(), document.createdAt(), images, thumbnails, widths, heights);
    }

    /** Oldest first, as the teacher uploaded them. */
    public CompletionStage<List<StoredDocument>> list(String roomId) {
        return session().selectAll("SELECT " + COLUMNS + " FROM " + table + " WHERE room_id = ?", roomId)
                .thenApply(rows -> rows.stream().map(ClassDocuments::document)
                        .sorted(Comparator.comparing(StoredDocument::createdAt))
                        .toList());
    }

    public CompletionStage<Optional<StoredDocument>> find(String roomId, String documentId) {
        return session().selectOne("SELECT " + COLUMNS + " FROM " + table + " WHERE room_id = ? AND document_id = ?",
                roomId, documentId).thenApply(row -> row.map(ClassDocuments::document));
    }

    CompletionStage<Done> removeAll(String roomId) {
        return session().executeWrite("DELETE FROM " + table + " WHERE room_id = ?", roomId);
    }

    private static StoredDocument document(Row row) {
        List<String> images = row.getList("pages", String.class);
        List<String> thumbnails = row.getList("thumbnails", String.class);
        List<Integer> widths = row.getList("widths", Integer.class);
        List<Integer> heights = row.getList("heights", Integer.class);
        List<StoredDocument.StoredPage> pages = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            pages.add(new StoredDocument.StoredPage(images.get(i), thumbnails.get(i), widths.get(i), heights.get(i)));
        }
        Instant created = row.getInstant("created_at");
        return new StoredDocument(row.getString("document_id"), row.getString("name"),
                created == null ? Instant.EPOCH : created, pages);
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
