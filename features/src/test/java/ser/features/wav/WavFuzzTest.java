package ser.features.wav;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ser.features.Audio;
import ser.features.AudioFormatException;

/**
 * Seeded fuzzing of the WAV reader: every input must end in samples or an {@link AudioFormatException} with a
 * one-line message naming the file; never another exception, a hang or an allocation larger than the file.
 */
class WavFuzzTest {
    private static final long SEED = 20190214L;
    @TempDir
    Path dir;

    private int results, errors;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomBytesAndMutatedHeaders() throws IOException {
        Random r = new Random(SEED);
        Path f = dir.resolve("fuzz.wav");
        byte[][] seeds = {
                WavReaderTest.ravdessLike(1, WavReaderTest.randomShorts(600, 1)).bytes(),
                WavReaderTest.ravdessLike(2, WavReaderTest.randomShorts(800, 2)).bytes(),
                TestWav.create().fmtExtensible(3, 2, 44100, 32).chunk("fact", new byte[4]).data(new byte[800]).bytes(),
                TestWav.create().chunk("LIST", new byte[21]).fmt(1, 3, 22050, 24).data(new byte[900]).bytes(),
                TestWav.create().fmt(1, 1, 8000, 8).data(new byte[333]).bytes(),
        };
        int cases = 0;
        // 1. pure random bytes, with and without a valid RIFF/WAVE prefix
        for (int i = 0; i < 1500; i++, cases++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (i % 2 == 0 && b.length >= 12) System.arraycopy("RIFF\0\0\0\0WAVE".getBytes(), 0, b, 0, 12);
            check(f, b);
        }
        // 2. real layouts with 1..8 random bytes changed in the header region (first 120 bytes)
        for (int i = 0; i < 3000; i++, cases++) {
            byte[] b = seeds[r.nextInt(seeds.length)].clone();
            int k = 1 + r.nextInt(8);
            for (int j = 0; j < k; j++) b[r.nextInt(Math.min(120, b.length))] = (byte) r.nextInt(256);
            check(f, b);
        }
        // 3. chunk size fields set to extreme values (0, odd, huge, 0xFFFFFFFF) and truncation anywhere
        int[] sizes = {0, 1, 3, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 4044, 16, 40};
        for (int i = 0; i < 1500; i++, cases++) {
            byte[] b = seeds[r.nextInt(seeds.length)].clone();
            int at = findChunkSizeField(b, r);
            if (at >= 0) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, sizes[r.nextInt(sizes.length)]);
            if (r.nextBoolean()) b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            check(f, b);
        }
        System.out.printf("WAV fuzz (seed %d): %d cases, %d decoded, %d AudioFormatException%n", SEED, cases, results, errors);
        assertTrue(errors > 1000 && results > 100, "both outcomes exercised");
    }

    /** The position of a random chunk's size field (walking honestly), or -1. */
    private static int findChunkSizeField(byte[] b, Random r) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long pos = 12;
        int count = 0, chosen = -1;
        while (pos + 8 <= b.length) {
            count++;
            if (r.nextInt(count) == 0) chosen = (int) pos + 4;
            long size = Integer.toUnsignedLong(bb.getInt((int) pos + 4));
            pos += 8 + size + (size & 1);
        }
        return chosen;
    }

    /** In memory for speed; every 20th case also goes through a real file. */
    private void check(Path f, byte[] bytes) throws IOException {
        boolean viaFile = (results + errors) % 20 == 0;
        if (viaFile) Files.write(f, bytes);
        try {
            float[] x = viaFile ? Audio.loadNative(f, 0, Double.POSITIVE_INFINITY).samples()
                                : Audio.loadNative(f, new ByteArrayChannel(bytes), 0, Double.POSITIVE_INFINITY).samples();
            assertTrue(x.length <= bytes.length, "more samples than bytes");
            float[] w = Audio.loadNative(f, new ByteArrayChannel(bytes), 0.01, 0.02).samples();
            assertTrue(w.length <= x.length);
            results++;
        } catch (AudioFormatException e) {
            String m = e.getMessage();
            if (!m.startsWith(f.toString()) || m.contains("\n")) fail("bad message: " + m);
            errors++;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new AssertionError("input " + toHex(bytes) + " threw " + e, e);
        }
    }

    private static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 64); i++) sb.append(String.format("%02x", b[i]));
        return sb.append(b.length > 64 ? "... (" + b.length + " bytes)" : "").toString();
    }
}
