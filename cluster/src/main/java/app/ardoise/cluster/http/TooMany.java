package app.ardoise.cluster.http;

import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** 429 with a Retry-After in whole seconds (never 0: "retry now" would invite a tight loop). */
final class TooMany {
    private TooMany() {}

    static HttpResponse response(String reason, Duration retryAfter) {
        long seconds = seconds(retryAfter);
        return Problems.response(ProblemType.TOO_MANY_REQUESTS, reason + ": retry in " + seconds + " s")
                .addHeader(RawHeader.create("Retry-After", Long.toString(seconds)));
    }

    /** Retry-After's value: the wait rounded up to whole seconds, at least 1. */
    static long seconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
