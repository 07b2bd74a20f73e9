package app.ardoise.cluster.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
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

    /**
     * @throws InvalidProtocolBufferException when the body is not JSON of this message, or when a string in it
     *     is not Unicode: a JSON escape of half a surrogate pair makes a lone surrogate, which every UTF-8 encoding
     *     (the journal's Protobuf, the response's JSON) writes as "?", so that a class's title would read one way
     *     in the running room and another in its response and after a restart (found by JsonBodiesFuzzTest); or
     *     when a string field's value is not a JSON string ({@link JsonStrings})
     */
    static <B extends Message.Builder> B parse(String json, B builder) throws InvalidProtocolBufferException {
        if (!json.isBlank()) {
            PARSER.merge(json, builder);
            // Checked on our own JSON rendering, which writes every string as it is: encoding to Protobuf would
            // tell too, but logs a warning with a stack trace each time, which a client could repeat at will.
            if (!StandardCharsets.UTF_8.newEncoder().canEncode(PRINTER.print(builder.buildPartial()))) {
                throw new InvalidProtocolBufferException("a string in the body is not valid Unicode (a lone surrogate)");
            }
            // Only once the body has parsed as the message: it is then a JSON object, which a Struct reads too.
            if (!builder.getDescriptorForType().getFile().getPackage().equals("google.protobuf")) {
                Struct.Builder tree = Struct.newBuilder();
                PARSER.merge(json, tree);
                JsonStrings.check(tree.build(), builder.getDescriptorForType());
            }
        }
        return builder;
    }
}
