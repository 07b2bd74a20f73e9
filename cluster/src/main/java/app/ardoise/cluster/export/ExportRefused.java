package app.ardoise.cluster.export;

/**
 * The board cannot be exported now: {@code busy} (the node's conversion threads are taken) or {@code too_large}
 * (over the export's time or size). Its message says which, for the caller.
 */
public final class ExportRefused extends RuntimeException {
    private final boolean busy;

    ExportRefused(boolean busy, String message) {
        super(message, null, false, false);
        this.busy = busy;
    }

    public boolean busy() {
        return busy;
    }
}
