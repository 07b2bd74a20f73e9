package app.ardoise.cluster.support;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/** A JSON answer of the REST API read into its protobuf message, as a client generated from openapi.json would. */
public final class JsonBody {
    private JsonBody() {}

    /** The builder, filled from the JSON (unknown fields ignored, as a client must): its getters read it. */
    public static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
            return builder;
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + json, e);
        }
    }
}
