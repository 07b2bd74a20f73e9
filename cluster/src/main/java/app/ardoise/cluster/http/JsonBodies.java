package app.ardoise.cluster.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;

/** REST bodies are Protobuf messages in their canonical JSON form, so the API has one schema with the rest. */
final class JsonBodies {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private JsonBodies() {}

    static HttpEntity.Strict render(Message message) {
        try {
            return HttpEntities.create(ContentTypes.APPLICATION_JSON, PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("every API message prints as JSON", e);
        }
    }

    static <B extends Message.Builder> B parse(String json, B builder) throws InvalidProtocolBufferException {
        if (!json.isBlank()) {
            PARSER.merge(json, builder);
        }
        return builder;
    }
}
