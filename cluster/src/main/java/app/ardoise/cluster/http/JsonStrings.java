package app.ardoise.cluster.http;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Map;

/**
 * Refuses a body whose value for a string field is not a JSON string. Protobuf's JSON parser takes any scalar
 * there and keeps its text ({@code {"title": 5}} is the title "5", {@code ["x"]} the title "x"), so a client that
 * wrote a retention as a number, {@code {"events": 30}}, set it to "30": thirty milliseconds, after which the
 * purge deletes the class's history. The README promises a 400 for a title or a retention that is no string.
 */
final class JsonStrings {
    private static final String WELL_KNOWN = "google.protobuf";

    private JsonStrings() {}

    /** @param body the body as protobuf's parser reads any JSON object */
    static void check(Struct body, Descriptor type) throws InvalidProtocolBufferException {
        for (Map.Entry<String, Value> entry : body.getFieldsMap().entrySet()) {
            FieldDescriptor field = field(type, entry.getKey());
            if (field != null && entry.getValue().getKindCase() != Value.KindCase.NULL_VALUE) {
                check(field, entry.getValue());
            }
        }
    }

    private static void check(FieldDescriptor field, Value value) throws InvalidProtocolBufferException {
        if (field.isMapField()) {
            return;
        }
        if (field.isRepeated()) {
            if (value.getKindCase() == Value.KindCase.LIST_VALUE) {
                ListValue items = value.getListValue();
                for (Value item : items.getValuesList()) {
                    one(field, item);
                }
            }
            return; // anything else is protobuf's parser's to refuse
        }
        one(field, value);
    }

    private static void one(FieldDescriptor field, Value value) throws InvalidProtocolBufferException {
        if (field.getType() == FieldDescriptor.Type.STRING && value.getKindCase() != Value.KindCase.STRING_VALUE) {
            throw new InvalidProtocolBufferException("\"" + field.getJsonName() + "\" must be a JSON string");
        }
        if (field.getType() == FieldDescriptor.Type.MESSAGE && value.getKindCase() == Value.KindCase.STRUCT_VALUE
                && !field.getMessageType().getFile().getPackage().equals(WELL_KNOWN)) {
            check(value.getStructValue(), field.getMessageType());
        }
    }

    /** As protobuf's parser finds it: by its JSON name or its name in the .proto. */
    private static FieldDescriptor field(Descriptor type, String key) {
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJsonName().equals(key) || field.getName().equals(key)) {
                return field;
            }
        }
        return null;
    }
}
