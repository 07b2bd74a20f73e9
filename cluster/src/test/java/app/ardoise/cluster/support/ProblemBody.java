package app.ardoise.cluster.support;

import app.ardoise.protocol.v1.Problem;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

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
}
