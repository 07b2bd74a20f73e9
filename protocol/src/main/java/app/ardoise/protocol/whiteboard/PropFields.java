package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeProps;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Comparator;
import java.util.List;

/**
 * The fields of ShapeProps, read from the descriptor so that a property added to the .proto is
 * merged, snapshotted and hashed without touching this package.
 */
final class PropFields {

    /** In field-number order: the order of the digest lines. */
    static final List<FieldDescriptor> ALL = ShapeProps.getDescriptor().getFields().stream()
            .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
            .toList();

    static final FieldDescriptor Z_INDEX = ShapeProps.getDescriptor().findFieldByNumber(ShapeProps.Z_INDEX_FIELD_NUMBER);

    private PropFields() {}

    static FieldDescriptor byNumber(int number) {
        return ShapeProps.getDescriptor().findFieldByNumber(number);
    }

    /** Decimal for integers (uint32 as unsigned, as JSON carries it), escaped text for strings. */
    static String canonical(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
            case STRING -> Canonical.escape((String) value);
            default -> String.valueOf(value);
        };
    }

    /** What an unset field reads as. */
    static Object zero(FieldDescriptor field) {
        return field.getDefaultValue();
    }
}
