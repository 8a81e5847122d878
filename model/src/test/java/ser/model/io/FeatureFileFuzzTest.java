package ser.model.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the feature-file readers ({@code .npy} and {@code .npz}, as {@code features}, {@code predict
 * --features}, {@code evaluate --features} and {@code train --features} read them): every mutated file must come
 * back as arrays or as an {@link IOException} with a one-line message naming the file; never another exception,
 * a hang, or an allocation larger than the file.
 */
class FeatureFileFuzzTest {

    private static final long SEED = 20190214L;

    @TempDir
    Path dir;

    int read;
    int refused;

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> {   // 1..8 bytes changed in the header region
                int k = 1 + r.nextInt(8);
                for (int j = 0; j < k; j++) {
                    b[r.nextInt(Math.min(160, b.length))] = (byte) r.nextInt(256);
                }
            }
            case 1 -> {   // 1..4 bytes changed anywhere
                int k = 1 + r.nextInt(4);
                for (int j = 0; j < k; j++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));   // truncated anywhere
            default -> {   // one digit of the header text replaced: shapes and sizes that lie
                String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                int at = s.indexOf("shape");
                if (at >= 0) {
                    int p = at + 8 + r.nextInt(12);
                    if (p < b.length) {
                        b[p] = (byte) "-0123456789,() L".charAt(r.nextInt(16));
                    }
                }
            }
        }
        return b;
    }

    void check(Path f, byte[] bytes) throws IOException {
        Files.write(f, bytes);
        try {
            Map<String, NpyArray> arrays = Npz.readAny(f);
            for (NpyArray a : arrays.values()) {
                long n = 1;
                for (int d : a.shape()) {
                    n *= d;
                }
                assertTrue(n == a.size() && n * 4 <= bytes.length + 4, "array larger than its file");
            }
            read++;
        } catch (IOException e) {
            String m = e.getMessage();
            assertTrue(m != null && m.contains(f.getFileName().toString()) && !m.contains("\n"), "message: " + m);
            refused++;
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("feature file fuzz: " + e + " on " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(80, bytes.length)));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedNpyAndNpzFiles() throws IOException {
        Random r = new Random(SEED);
        float[] x = new float[4 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        byte[] npy = Npy.toBytes(NpyArray.ofFloats(x, 4, 7));
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.ofFloats(x, 4, 7));
        arrays.put("y", NpyArray.ofInts(new int[]{0, 1, 2, 1}, 4));
        arrays.put("labels", NpyArray.ofStrings("calm", "happy", "sad"));
        arrays.put("names", NpyArray.ofStrings("a", "b", "c", "d"));
        Path seedNpz = dir.resolve("seed.npz");
        Npz.write(seedNpz, arrays);
        byte[] npz = Files.readAllBytes(seedNpz);

        int npyCases = 0;
        for (int i = 0; i < 1500; i++, npyCases++) {
            check(dir.resolve("fuzz.npy"), i % 10 == 0 ? randomBytes(r) : mutate(npy, r));
        }
        int npzCases = 0;
        for (int i = 0; i < 1500; i++, npzCases++) {
            check(dir.resolve("fuzz.npz"), i % 10 == 0 ? randomBytes(r) : mutate(npz, r));
        }
        System.out.printf("  feature file fuzz: %d .npy + %d .npz cases, %d read, %d refused with the file named,"
                + " 0 crashes%n", npyCases, npzCases, read, refused);
        assertTrue(npyCases >= 1000 && npzCases >= 1000 && refused > 0 && read > 0);
    }

    static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(400)];
        r.nextBytes(b);
        if (b.length > 8 && r.nextBoolean()) {
            b[0] = (byte) 0x93;
            System.arraycopy("NUMPY".getBytes(), 0, b, 1, 5);
        }
        return b;
    }
}
