package app.ardoise.cluster.bbb;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a meeting's {@code meta_endCallbackUrl} (GET) once it has ended, with {@code meetingID} and
 * {@code recordingmarks} added as BigBlueButton adds them. Best effort, once: the class has ended either way. Only
 * the host is logged, since an LMS may put a token in the URL.
 */
final class EndCallback {
    private static final Logger LOG = LoggerFactory.getLogger(EndCallback.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    void ended(BbbMeeting meeting) {
        meeting.param("meta_endCallbackUrl").flatMap(EndCallback::uri).ifPresent(base -> {
            String url = base + (base.contains("?") ? "&" : "?") + "meetingID="
                    + URLEncoder.encode(meeting.meetingId(), StandardCharsets.UTF_8) + "&recordingmarks=false";
            http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() >= 400) {
                            LOG.warn("the end callback of a meeting at {} failed: {}", URI.create(url).getHost(),
                                    failure != null ? failure.toString() : "HTTP " + response.statusCode());
                        }
                    });
        });
    }

    /** Only an absolute http or https URL is called. */
    private static Optional<String> uri(String url) {
        try {
            URI uri = new URI(url);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return web && uri.getHost() != null ? Optional.of(url) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
