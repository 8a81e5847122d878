package ser.model.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.Tensor;

/**
 * Seeded mutations of the two inputs of {@code import-keras}: the {@code .h5} file (bytes anywhere, more often in
 * the first 2 KiB where the superblock and the root's object header are, and truncation) and the
 * {@code model.to_json()} file given with {@code --config} (JSON punctuation, digits and keywords, and truncation).
 * A case passes when the import returns a network whose answer is finite, or throws an {@link IOException} whose
 * one-line message names the file; any other exception, an {@link OutOfMemoryError} or a hang (the timeout) fails.
 * A changed weight value is not detectable (HDF5 as Keras writes it carries no checksums), so some cases load.
 */
class KerasFileFuzzTest {

    static final long SEED = 0x4b455241L;

    @TempDir
    Path dir;

    int loaded;
    int changed;
    int refused;
    float[] original;

    private static float[] answer(KerasImport.Result r) {
        int[] in = r.model().inputShape();
        float[] x = new float[in[0] * in[1]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.7 * i);
        }
        return r.model().predict(Tensor.of(x, 1, in[0], in[1]), 1)[0];
    }

    private void check(Path h5, Path config, String named) {
        try {
            KerasImport.Result r = KerasImport.read(h5, config);
            float[] p = answer(r);
            for (float v : p) {
                assertTrue(Float.isFinite(v), "a loaded model gives a finite answer");
            }
            loaded++;
            if (!Arrays.equals(p, original)) {
                changed++;   // damage that reached a weight value or a setting: undetectable without a checksum
            }
        } catch (IOException e) {
            String m = e.getMessage();
            assertTrue(m != null && m.contains(named) && !m.contains("\n"), "message: " + m);
            refused++;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            fail("Keras file fuzz (" + named + "): " + e, e);
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mutatedH5Files() throws IOException {
        Random r = new Random(SEED);
        byte[] whole = Files.readAllBytes(KerasImportTest.fixture("tiny-save.h5"));
        original = answer(KerasImport.read(KerasImportTest.fixture("tiny-save.h5"), null));
        Path f = dir.resolve("fuzz.h5");
        int cases = 0;
        for (int i = 0; i < 1200; i++, cases++) {
            byte[] b = whole.clone();
            int k = 1 + r.nextInt(8);
            for (int q = 0; q < k; q++) {
                int at = r.nextBoolean() ? r.nextInt(Math.min(2048, b.length)) : r.nextInt(b.length);
                b[at] = (byte) r.nextInt(256);
            }
            if (r.nextInt(5) == 0) {
                b = Arrays.copyOf(b, r.nextInt(b.length));
            }
            Files.write(f, b);
            check(f, null, f.toString());
        }
        System.out.printf("  .h5 fuzz: %d cases, %d loaded (finite answers; %d of them differ from the undamaged file's),"
                + " %d refused with the file named, 0 crashes%n", cases, loaded, changed, refused);
        assertTrue(cases >= 1000 && refused > 0);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mutatedConfigFiles() throws IOException {
        Random r = new Random(SEED + 1);
        Path h5 = KerasImportTest.fixture("tiny-weights.h5");
        byte[] json = Files.readString(KerasImportTest.fixture("tiny-weights.json")).getBytes(StandardCharsets.UTF_8);
        String alphabet = " {}[]\",:-0123456789.eEnulltruefalseNaN";
        original = answer(KerasImport.read(h5, KerasImportTest.fixture("tiny-weights.json")));
        Path f = dir.resolve("fuzz.json");
        int cases = 0;
        for (int i = 0; i < 1200; i++, cases++) {
            byte[] b = json.clone();
            if (r.nextInt(4) == 0) {
                b = Arrays.copyOf(b, r.nextInt(b.length));
            } else {
                int k = 1 + r.nextInt(6);
                for (int q = 0; q < k; q++) {
                    b[r.nextInt(b.length)] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
                }
            }
            Files.write(f, b);
            check(h5, f, f.toString());
        }
        System.out.printf("  Keras config fuzz: %d cases, %d loaded (finite answers; %d of them differ from the undamaged"
                + " file's), %d refused with the file named, 0 crashes%n", cases, loaded, changed, refused);
        assertTrue(cases >= 1000 && refused > 0);
    }
}
