package ser.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protocol-buffers wire format that an ONNX file needs, written by hand (an ONNX model is one
 * serialised {@code ModelProto}; see onnx/onnx.proto).
 *
 * <p>Every field is a key followed by a payload. The key is the varint {@code (field_number << 3) | wire_type};
 * wire type 0 is a varint (int32, int64, enum, bool), 2 is length-delimited (string, bytes, an embedded message,
 * a packed repeated scalar: a varint byte count, then the bytes), 5 is a little-endian 32-bit value (float).
 * A varint stores 7 bits per byte, least significant group first, the top bit set on every byte but the last;
 * negative int64 values take ten bytes (two's complement). Repeated fields are the same field written again.
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32/int64/enum/bool field. */
    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A float field. */
    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        rawFixed32(Float.floatToIntBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** An embedded message. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A packed repeated int64 field (proto3's default encoding for repeated scalars). */
    ProtoWriter packedInt64(int field, long... values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) {
            p.rawVarint(v);
        }
        return bytes(field, p.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    // docs:begin varint
    private void key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
    // docs:end varint

    private void rawFixed32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
