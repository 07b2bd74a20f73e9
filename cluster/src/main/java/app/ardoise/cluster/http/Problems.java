package app.ardoise.cluster.http;

import app.ardoise.protocol.v1.Problem;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's refusals as RFC 9457 problems (application/problem+json): ours, pekko's own rejections (an unknown
 * address, a wrong method, a body too large) and failures, so that a client reads one shape whatever refused it.
 * Each type is described at its URI.
 */
final class Problems extends AllDirectives {
    static final ContentType.WithFixedCharset PROBLEM_JSON = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    static HttpResponse response(ProblemType type, String detail) {
        return response(type, type.status.intValue(), detail);
    }

    private static HttpResponse response(ProblemType type, int status, String detail) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(PROBLEM_JSON, print(problem(type).setStatus(status).setDetail(detail).build())));
    }

    private static Problem.Builder problem(ProblemType type) {
        return Problem.newBuilder()
                .setType(type.uri())
                .setTitle(type.title)
                .setStatus(type.status.intValue())
                .setError(type.code);
    }

    /** GET /api/v1/problems/{code}: what a type means, for whoever follows a problem's type URI. */
    Route types() {
        return path(PathMatchers.segment("api").slash("v1").slash("problems").slash(PathMatchers.segment()), code ->
                get(() -> ProblemType.ofCode(code)
                        .map(type -> complete(HttpResponse.create().withEntity(
                                HttpEntities.create(ContentTypes.APPLICATION_JSON, print(problem(type).build())))))
                        .orElseGet(() -> complete(response(ProblemType.NOT_FOUND, "no problem type \"" + code + "\"")))));
    }

    /**
     * Pekko's rejections with their status and headers (Allow, WWW-Authenticate), the body said as a problem: its
     * plain-text words become the detail.
     */
    static RejectionHandler rejections() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(plain -> {
            int status = plain.status().intValue();
            return response(ProblemType.ofStatus(status), status, text(plain.entity())).addHeaders(plain.getHeaders());
        });
    }

    /**
     * A failure no route answered: a class that did not answer in time is 503 (try again), anything else 500 with
     * its cause in the log only, never in the answer.
     */
    ExceptionHandler failures() {
        return ExceptionHandler.newBuilder().matchAny(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
                return complete(response(ProblemType.CLASS_UNAVAILABLE, "the class did not answer in time: try again"));
            }
            LOG.error("an API request failed", cause);
            return complete(response(ProblemType.INTERNAL, "the request failed on this node"));
        }).build();
    }

    private static String text(HttpEntity entity) {
        return entity instanceof HttpEntity.Strict strict ? strict.getData().utf8String() : "";
    }

    private static String print(Problem problem) {
        try {
            return PRINTER.print(problem);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a problem prints as JSON", e);
        }
    }
}
