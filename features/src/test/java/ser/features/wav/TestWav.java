package ser.features.wav;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds RIFF/WAVE byte images chunk by chunk for tests (any layout, honest or lying). */
public final class TestWav {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Integer riffSizeOverride;

    public static TestWav create() {
        return new TestWav();
    }

    /** A plain 16-byte fmt chunk. */
    public TestWav fmt(int tag, int channels, int sampleRate, int bits) {
        return fmt(tag, channels, sampleRate, bits, channels * (bits / 8));
    }

    public TestWav fmt(int tag, int channels, int sampleRate, int bits, int blockAlign) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format GUID starts with {@code subTag}. */
    public TestWav fmtExtensible(int subTag, int channels, int sampleRate, int bits) {
        ByteBuffer b = le(40);
        int align = channels * (bits / 8);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * align)
                .putShort((short) align).putShort((short) bits).putShort((short) 22).putShort((short) bits)
                .putInt(channels == 2 ? 3 : 4);
        // KSDATAFORMAT_SUBTYPE_*: {0000xxxx-0000-0010-8000-00aa00389b71}
        b.putShort((short) subTag).putShort((short) 0).putShort((short) 0).putShort((short) 0x10)
                .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    public TestWav chunk(String id, byte[] payload) {
        return chunk(id, payload, payload.length, true);
    }

    /** A chunk whose size field may lie; the pad byte is written after odd payloads when {@code pad}. */
    public TestWav chunk(String id, byte[] payload, long claimedSize, boolean pad) {
        body.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(le(4).putInt((int) claimedSize).array());
        body.writeBytes(payload);
        if (pad && (payload.length & 1) == 1) body.write(0);
        return this;
    }

    public TestWav data(byte[] samples) {
        return chunk("data", samples);
    }

    public TestWav riffSize(int size) {
        riffSizeOverride = size;
        return this;
    }

    public byte[] bytes() {
        byte[] b = body.toByteArray();
        ByteBuffer out = le(12 + b.length);
        out.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(riffSizeOverride != null ? riffSizeOverride : 4 + b.length)
                .put("WAVE".getBytes(StandardCharsets.ISO_8859_1)).put(b);
        return out.array();
    }

    public Path write(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] int16(short... v) {
        ByteBuffer b = le(2 * v.length);
        for (short s : v) b.putShort(s);
        return b.array();
    }

    public static byte[] float32(float... v) {
        ByteBuffer b = le(4 * v.length);
        for (float s : v) b.putFloat(s);
        return b.array();
    }

    public static byte[] float64(double... v) {
        ByteBuffer b = le(8 * v.length);
        for (double s : v) b.putDouble(s);
        return b.array();
    }

    public static byte[] int32(int... v) {
        ByteBuffer b = le(4 * v.length);
        for (int s : v) b.putInt(s);
        return b.array();
    }

    public static byte[] int24(int... v) {
        byte[] b = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            b[3 * i] = (byte) v[i];
            b[3 * i + 1] = (byte) (v[i] >> 8);
            b[3 * i + 2] = (byte) (v[i] >> 16);
        }
        return b;
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
