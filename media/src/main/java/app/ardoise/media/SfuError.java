package app.ardoise.media;

/** An error the SFU reported; codes follow HTTP's meaning (400, 403, 404, 409, 500). */
public record SfuError(int code, String reason) {

    public SfuError {
        reason = reason == null ? "" : reason;
    }
}
