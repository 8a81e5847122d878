package ser.features.wav;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import ser.features.AudioFormatException;

/**
 * Reads uncompressed RIFF/WAVE files by walking their chunks.
 *
 * <p>A RIFF file is {@code "RIFF" size "WAVE"} followed by chunks {@code id(4) size(4, little-endian) payload},
 * where an odd-sized payload is followed by one pad byte that its size does not count. Real files put anything
 * between and after {@code fmt } and {@code data}: every RAVDESS file is laid out
 * {@code fmt  · FLLR · data · LIST · bext · _PMX}, so the reader never assumes a 44-byte header and skips every chunk
 * it does not need ({@code LIST/INFO}, {@code fact}, {@code bext}, {@code JUNK}, ...).
 *
 * <p>Supported: format tag 1 (PCM, 8/16/24/32 bit), 3 (IEEE float, 32/64 bit) and 0xFFFE (WAVE_FORMAT_EXTENSIBLE
 * whose sub-format is one of those), any number of channels. Everything else is an {@link AudioFormatException}
 * naming the file, e.g. "unsupported format tag 7 (mu-law)".
 *
 * <p>Lying headers cannot make the reader allocate more than the file holds: a {@code data} chunk that claims more
 * bytes than remain is an error, and sample buffers are sized from the frames actually requested.
 *
 * <p>Samples become float32 the way librosa/soundfile scale them: {@code int16 / 32768}, {@code int24 / 2^23},
 * {@code int32 / 2^31}, {@code (uint8 - 128) / 128}, floats unchanged (float64 rounded to float32).
 *
 * <p>Float samples must be finite and at most {@link #MAX_FLOAT_AMPLITUDE} in magnitude. Full scale is 1.0; files
 * written unnormalised on the int16 scale reach 32768, which is still read. Anything larger is damage, not sound: a
 * 2048-sample power spectrum of amplitude 1e30 overflows float32 (its terms reach 1e66), so such a file would give
 * NaN features and a NaN answer. The first offending sample is named with its time, frame and channel. PCM samples
 * are bounded by their encoding and need no check.
 */
public final class WavReader {

    /** Highest sample rate accepted; anything above is treated as a corrupt header. */
    public static final int MAX_SAMPLE_RATE = 1_536_000;
    /** Most channels accepted (WAVE_FORMAT_EXTENSIBLE names 18 speaker positions; 256 leaves room). */
    public static final int MAX_CHANNELS = 256;
    /** Largest float sample magnitude accepted: int16 full scale, for files written without normalising. */
    public static final float MAX_FLOAT_AMPLITUDE = 32768f;

    private WavReader() {
    }

    /** Reads and validates the header chunks of {@code file}. */
    public static WavInfo info(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            return parse(file, ch);
        }
    }

    /**
     * As {@link #info(Path)} on a channel the caller opened (a file, or bytes in memory); {@code file} only names the
     * source in error messages.
     */
    public static WavInfo info(Path file, SeekableByteChannel ch) throws IOException {
        return parse(file, ch);
    }

    /**
     * Decodes frames {@code [startFrame, startFrame + maxFrames)} (clipped at the end of the data) and averages the
     * channels: {@code mono[i] = (s_0 + s_1 + ... + s_{C-1}) / C} summed left to right in float32, as
     * {@code np.mean(y, axis=0)} does on librosa's float32 frames.
     *
     * @return mono samples, length {@code min(maxFrames, frames - startFrame)}, or empty when startFrame is past the end
     */
    public static float[] readMono(Path file, long startFrame, long maxFrames) throws IOException {
        try (FileChannel ch = open(file)) {
            WavInfo info = parse(file, ch);
            return readMono(file, ch, info, startFrame, maxFrames);
        }
    }

    /** As {@link #readMono(Path, long, long)} with the header already parsed from the same open channel. */
    public static float[] readMono(Path file, SeekableByteChannel ch, WavInfo info, long startFrame, long maxFrames) throws IOException {
        if (startFrame < 0 || maxFrames < 0) throw new IllegalArgumentException("negative frame range " + startFrame + ", " + maxFrames);
        if (startFrame >= info.frames()) return new float[0];
        long n = Math.min(maxFrames, info.frames() - startFrame);
        long bytes = n * info.blockAlign();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new AudioFormatException(file, "window of " + n + " frames (" + bytes + " bytes) is too long to load at once");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, buf, info.dataOffset() + startFrame * info.blockAlign());
        buf.flip();
        if (info.encoding() == WavInfo.Encoding.FLOAT) {
            checkFloats(file, buf, info, startFrame, (int) n);
        }
        return toMono(buf, info, (int) n);
    }

    static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such audio file");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // header

    static WavInfo parse(Path file, SeekableByteChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 12) throw new AudioFormatException(file, "not a RIFF/WAVE file (only " + fileSize + " bytes)");
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, head, 0);
        String riff = fourCc(head, 0);
        String wave = fourCc(head, 8);
        if (riff.equals("RF64") || riff.equals("RIFX")) {
            throw new AudioFormatException(file, "unsupported container '" + printable(riff) + "' (only little-endian RIFF/WAVE is read)");
        }
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new AudioFormatException(file, "not a RIFF/WAVE file (starts with '" + printable(riff) + "' ... '" + printable(wave) + "')");
        }
        // The RIFF size is often wrong in the wild (streamed writers); the file size bounds the walk instead.
        ByteBuffer fmt = null;
        long dataOffset = -1;
        long dataBytes = -1;
        long pos = 12;
        ByteBuffer chunkHead = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        // docs:begin chunk-walk
        while (pos + 8 <= fileSize) {
            chunkHead.clear();
            readFully(file, ch, chunkHead, pos);
            String id = fourCc(chunkHead, 0);
            long size = Integer.toUnsignedLong(chunkHead.getInt(4));
            long payload = pos + 8;
            long remaining = fileSize - payload;
            if (id.equals("data")) {
                if (dataOffset >= 0) break; // a second data chunk: librosa's readers use the first one
                if (size > remaining) {
                    throw new AudioFormatException(file, "data chunk at byte " + pos + " claims " + size
                            + " bytes but only " + remaining + " remain in the file");
                }
                dataOffset = payload;
                dataBytes = size;
            } else if (id.equals("fmt ")) {
                if (size > remaining) {
                    throw new AudioFormatException(file, "truncated fmt chunk at byte " + pos + ": claims " + size
                            + " bytes, only " + remaining + " remain");
                }
                if (size < 16) throw new AudioFormatException(file, "fmt chunk too short (" + size + " bytes, need 16)");
                if (fmt == null) {
                    fmt = ByteBuffer.allocate((int) Math.min(size, 40)).order(ByteOrder.LITTLE_ENDIAN);
                    readFully(file, ch, fmt, payload);
                }
            } else if (size > remaining) {
                if (fmt != null && dataOffset >= 0) break; // trailing damage after everything we need
                throw new AudioFormatException(file, "truncated chunk '" + printable(id) + "' at byte " + pos
                        + ": claims " + size + " bytes, only " + remaining + " remain");
            }
            pos = payload + size + (size & 1); // odd-sized chunks are followed by one pad byte
        }
        // docs:end chunk-walk
        if (fmt == null) throw new AudioFormatException(file, "no fmt chunk (not a usable WAVE file)");
        if (dataOffset < 0) throw new AudioFormatException(file, "no data chunk");
        return interpret(file, fmt, dataOffset, dataBytes);
    }

    private static WavInfo interpret(Path file, ByteBuffer fmt, long dataOffset, long dataBytes) throws AudioFormatException {
        int tag = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long sampleRate = Integer.toUnsignedLong(fmt.getInt(4));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        if (tag == 0xFFFE) { // WAVE_FORMAT_EXTENSIBLE: the real tag is the first 2 bytes of the sub-format GUID
            if (fmt.limit() < 40) throw new AudioFormatException(file, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + fmt.limit() + " bytes, need 40)");
            tag = Short.toUnsignedInt(fmt.getShort(24));
        }
        WavInfo.Encoding encoding;
        if (tag == 1) encoding = WavInfo.Encoding.PCM;
        else if (tag == 3) encoding = WavInfo.Encoding.FLOAT;
        else throw new AudioFormatException(file, "unsupported format tag " + tag + formatName(tag)
                + "; only PCM (1) and IEEE float (3) are read, compressed audio is not");
        if (channels == 0) throw new AudioFormatException(file, "fmt chunk says 0 channels");
        if (channels > MAX_CHANNELS) throw new AudioFormatException(file, "fmt chunk says " + channels + " channels (at most " + MAX_CHANNELS + ")");
        if (sampleRate == 0 || sampleRate > MAX_SAMPLE_RATE) {
            throw new AudioFormatException(file, "absurd sample rate " + sampleRate + " Hz (accepted 1.." + MAX_SAMPLE_RATE + ")");
        }
        boolean bitsOk = encoding == WavInfo.Encoding.PCM ? (bits == 8 || bits == 16 || bits == 24 || bits == 32)
                                                          : (bits == 32 || bits == 64);
        if (!bitsOk) {
            throw new AudioFormatException(file, "unsupported " + bits + "-bit " + (encoding == WavInfo.Encoding.PCM
                    ? "PCM (8, 16, 24 or 32 are read)" : "float (32 or 64 are read)"));
        }
        int expectedAlign = channels * (bits / 8);
        if (blockAlign != expectedAlign) {
            throw new AudioFormatException(file, "block align " + blockAlign + " does not match " + channels
                    + " channels x " + bits + " bits (expected " + expectedAlign + ")");
        }
        return new WavInfo(encoding, channels, (int) sampleRate, bits, blockAlign, dataOffset, dataBytes / blockAlign);
    }

    private static String formatName(int tag) {
        return switch (tag) {
            case 2 -> " (Microsoft ADPCM)";
            case 6 -> " (A-law)";
            case 7 -> " (mu-law)";
            case 0x11 -> " (IMA ADPCM)";
            case 0x31 -> " (GSM 6.10)";
            case 0x50 -> " (MPEG)";
            case 0x55 -> " (MP3)";
            case 0x161, 0x162 -> " (WMA)";
            default -> "";
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // samples

    /** Refuses the first non-finite or absurdly large float sample of the n frames in buf (left unconsumed). */
    private static void checkFloats(Path file, ByteBuffer buf, WavInfo info, long startFrame, int n)
            throws AudioFormatException {
        int c = info.channels();
        boolean f32 = info.bitsPerSample() == 32;
        for (int i = 0, at = buf.position(); i < n; i++) {
            for (int k = 0; k < c; k++, at += f32 ? 4 : 8) {
                double v = f32 ? buf.getFloat(at) : buf.getDouble(at);
                if (!(Math.abs(v) <= MAX_FLOAT_AMPLITUDE)) {
                    long frame = startFrame + i;
                    String what = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf")
                            : "amplitude " + v + " (float audio is read up to " + (int) MAX_FLOAT_AMPLITUDE + ")";
                    throw new AudioFormatException(file, String.format(java.util.Locale.ROOT,
                            "sample at %.6f s (frame %d, channel %d) is %s; the file is damaged", frame
                                    / (double) info.sampleRate(), frame, k, what));
                }
            }
        }
    }

    /** buf holds n interleaved frames; returns their channel mean in float32. */
    private static float[] toMono(ByteBuffer buf, WavInfo info, int n) {
        int c = info.channels();
        float[] mono = new float[n];
        if (info.encoding() == WavInfo.Encoding.PCM && info.bitsPerSample() == 16) { // the common case, in bulk
            short[] pcm = new short[n * c];
            buf.asShortBuffer().get(pcm);
            if (c == 1) {
                for (int i = 0; i < n; i++) mono[i] = pcm[i] * (1f / 32768);
            } else {
                for (int i = 0, o = 0; i < n; i++, o += c) {
                    float sum = pcm[o] * (1f / 32768);
                    for (int k = 1; k < c; k++) sum += pcm[o + k] * (1f / 32768);
                    mono[i] = sum / c;
                }
            }
            return mono;
        }
        if (c == 1) {
            for (int i = 0; i < n; i++) mono[i] = sample(buf, info);
            return mono;
        }
        for (int i = 0; i < n; i++) {
            float sum = sample(buf, info);
            for (int k = 1; k < c; k++) sum += sample(buf, info);
            mono[i] = sum / c;
        }
        return mono;
    }

    /** Reads the next sample of buf as float32 in [-1, 1). */
    private static float sample(ByteBuffer buf, WavInfo info) {
        if (info.encoding() == WavInfo.Encoding.FLOAT) {
            return info.bitsPerSample() == 32 ? buf.getFloat() : (float) buf.getDouble();
        }
        switch (info.bitsPerSample()) {
            case 8:
                return ((buf.get() & 0xFF) - 128) * (1f / 128);
            case 16:
                return buf.getShort() * (1f / 32768);
            case 24: {
                int lo = buf.get() & 0xFF;
                int mid = buf.get() & 0xFF;
                int hi = buf.get(); // sign-extends
                return ((hi << 16) | (mid << 8) | lo) * (1f / 8388608);
            }
            default:
                return (float) (buf.getInt() * (1.0 / 2147483648.0));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // bytes

    private static void readFully(Path file, SeekableByteChannel ch, ByteBuffer dst, long position) throws IOException {
        ch.position(position);
        while (dst.hasRemaining()) {
            if (ch.read(dst) < 0) throw new AudioFormatException(file, "unexpected end of file at byte " + ch.position());
        }
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) id[i] = b.get(at + i);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** The 4 characters with anything unprintable shown as '?', so messages stay one clean line. */
    private static String printable(String fourCc) {
        StringBuilder sb = new StringBuilder(4);
        for (char c : fourCc.toCharArray()) sb.append(c >= 32 && c < 127 ? c : '?');
        return sb.toString();
    }
}
