package ser.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.Dense;
import ser.engine.optim.SGD;

/**
 * Seeded fuzzing of model folders: model.json mutated (bytes, truncation), and weights mutated with their name and
 * SHA-256 updated in model.json so that the damage reaches the array reader and the finite check. Every case must
 * load into a model whose answers are finite probabilities, or fail with an {@link IOException} whose one-line
 * message names the folder and shows no Gson class names; never another exception or a hang.
 */
class ModelFolderFuzzTest {

    private static final long SEED = 20190214L;

    @TempDir
    Path dir;

    int loaded;
    int refused;

    static Sequential small() {
        Sequential m = new Sequential(3, 6);
        m.add(new Dense(4));
        m.add(new Activation("relu"));
        m.add(new Dense(3));
        m.add(new Activation("softmax"));
        m.compile(new SGD(0.01, 0, 0, false));
        return m;
    }

    void check(Path model) {
        try {
            SavedModel.Loaded l = SavedModel.load(model);
            int in = l.model().inputShape()[0];
            float[] x = new float[in];
            java.util.Arrays.fill(x, 0.5f);
            float[][] p = l.model().predict(Tensor.of(x, 1, in), 1);
            for (float v : p[0]) {
                assertTrue(Float.isFinite(v), "a loaded model answered " + v);
            }
            loaded++;
        } catch (IOException e) {
            String m = e.getMessage();
            assertTrue(m != null && m.contains(model.toString()) && !m.contains("\n"), "message: " + m);
            assertTrue(!m.contains("com.google.gson") && !m.contains("github.com/google/gson"), "Gson internals: " + m);
            refused++;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            fail("model folder fuzz: " + e, e);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedModelJsonAndWeights() throws IOException {
        Random r = new Random(SEED);
        Path seed = dir.resolve("seed");
        SavedModel.save(seed, small(), List.of("a", "b", "c"), new JsonObject(), new JsonObject(), true);
        String json = Files.readString(seed.resolve("model.json"));
        JsonObject j = JsonParser.parseString(json).getAsJsonObject();
        String weightsName = j.getAsJsonObject("weights").get("file").getAsString();
        byte[] weights = Files.readAllBytes(seed.resolve(weightsName));

        Path m = dir.resolve("m");
        Files.createDirectories(m);
        int jsonCases = 0;
        for (int i = 0; i < 1200; i++, jsonCases++) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(3) == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));   // truncated model.json
            } else {
                int k = 1 + r.nextInt(6);
                for (int q = 0; q < k; q++) {
                    b[r.nextInt(b.length)] = (byte) " {}[]\",:-0123456789.eEnulltruefalseNaN".charAt(r.nextInt(38));
                }
            }
            Files.write(m.resolve("model.json"), b);
            Files.write(m.resolve(weightsName), weights);
            check(m);
        }
        int weightCases = 0;
        for (int i = 0; i < 1200; i++, weightCases++) {
            byte[] w = weights.clone();
            int k = 1 + r.nextInt(4);
            for (int q = 0; q < k; q++) {
                w[r.nextInt(w.length)] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                w = java.util.Arrays.copyOf(w, r.nextInt(w.length));
            }
            try (var old = Files.newDirectoryStream(m, "weights-*.npz")) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
            Path wf = m.resolve("weights-fuzz.npz");
            Files.write(wf, w);
            JsonObject jj = j.deepCopy();
            boolean honest = r.nextInt(5) != 0;   // mostly "valid" files: the damage must reach the arrays
            jj.getAsJsonObject("weights").addProperty("file", "weights-fuzz.npz");
            jj.getAsJsonObject("weights").addProperty("sha256", honest ? SavedModel.sha256(wf) : "0".repeat(64));
            Files.writeString(m.resolve("model.json"), jj.toString());
            check(m);
        }
        System.out.printf("  model folder fuzz: %d model.json + %d weights cases, %d loaded (finite answers),"
                + " %d refused with the folder named, 0 crashes%n", jsonCases, weightCases, loaded, refused);
        assertTrue(jsonCases >= 1000 && weightCases >= 1000 && refused > 0);
    }
}
