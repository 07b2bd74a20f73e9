package app.ardoise.cluster.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.ardoise.protocol.v1.Problem;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;

/** A refusal's body, an RFC 9457 problem, as the tests read it. */
public final class ProblemBody {
    private ProblemBody() {}

    public static Problem parse(String body) {
        Problem.Builder problem = Problem.newBuilder();
        try {
            JsonFormat.parser().merge(body, problem);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a problem: " + body, e);
        }
        return problem.build();
    }

    /** What this refusal says, in English: the problem's detail. */
    public static String detail(String body) {
        return parse(body).getDetail();
    }

    /** The answer is this refusal: its status, a problem document with this error code, and a sentence for people. */
    public static void assertRefused(int status, String error, HttpResponse<String> answer) {
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        Problem problem = parse(answer.body());
        assertEquals(error, problem.getError(), answer.body());
        assertFalse(problem.getDetail().isEmpty(), answer.body());
    }
}
