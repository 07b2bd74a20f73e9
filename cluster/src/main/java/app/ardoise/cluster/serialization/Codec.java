package app.ardoise.cluster.serialization;

import app.ardoise.cluster.contract.ClusterMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.BiFunction;

/**
 * How one cluster message travels: the manifest that names it on the wire, and the way to and from
 * its Protobuf twin in cluster.proto.
 */
record Codec<T extends ClusterMessage, P extends Message>(Class<T> type, String manifest, Parser<P> parser,
                                                          BiFunction<T, Refs, P> encode,
                                                          BiFunction<P, Refs, T> decode) {

    static <T extends ClusterMessage, P extends Message> Codec<T, P> of(
            Class<T> type, String manifest, Parser<P> parser, BiFunction<T, Refs, P> encode, BiFunction<P, Refs, T> decode) {
        return new Codec<>(type, manifest, parser, encode, decode);
    }

    byte[] toBinary(Object message, Refs refs) {
        return encode.apply(type.cast(message), refs).toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes parse but hold no such message */
    T fromBinary(byte[] bytes, Refs refs) throws InvalidProtocolBufferException {
        return decode.apply(parser.parseFrom(bytes), refs);
    }
}
