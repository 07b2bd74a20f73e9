package app.ardoise.cluster.documents;

import java.util.Optional;

/**
 * Where one upload is, as its poller sees it. Kept in the memory of the node that converts it, for a while after
 * it ends; once ready, the document is in Cassandra for every node.
 */
public record Upload(String documentId, String name, State state, int pagesDone, int pagesTotal,
                     Optional<DocumentRefused> refusal, Optional<StoredDocument> document, long endedAtMillis) {
    public enum State { CONVERTING, STORING, READY, FAILED }

    static Upload started(String documentId, String name) {
        return new Upload(documentId, name, State.CONVERTING, 0, 0, Optional.empty(), Optional.empty(), 0);
    }

    Upload pages(int total) {
        return new Upload(documentId, name, state, pagesDone, total, refusal, document, endedAtMillis);
    }

    Upload done(int count) {
        return new Upload(documentId, name, state, count, pagesTotal, refusal, document, endedAtMillis);
    }

    Upload storing() {
        return new Upload(documentId, name, State.STORING, pagesDone, pagesTotal, refusal, document, endedAtMillis);
    }

    Upload ready(StoredDocument stored, long now) {
        return new Upload(documentId, name, State.READY, pagesDone, pagesTotal, refusal, Optional.of(stored), now);
    }

    Upload failed(DocumentRefused why, long now) {
        return new Upload(documentId, name, State.FAILED, pagesDone, pagesTotal, Optional.of(why), document, now);
    }
}
