package app.ardoise.cluster.documents;

/**
 * A document that cannot be shown, with a stable code for clients and a sentence for the teacher. Conversion
 * stops at the first one, and nothing of the document is stored.
 */
public final class DocumentRefused extends Exception {
    private final String code;

    public DocumentRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public DocumentRefused(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
