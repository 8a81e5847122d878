package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ser.data.SyntheticCorpus;
import ser.engine.models.Sequential;
import ser.features.FeatureParams;
import ser.model.NotebookNetwork;
import ser.model.SavedModel;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * NaN and infinities never come out as an answer: refused where they enter (audio samples, feature arrays,
 * weights at load) with the file and place named, exit code 2, nothing on stdout that pretends to be a result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonFiniteCliTest {

    @TempDir
    static Path dir;

    Path good;
    Path nanWeights;
    Path cleanWav;
    Path nanWav;

    /** A float32 mono WAV of a quiet tone, with {@code bad} at sample {@code at} (when at >= 0). */
    static Path floatWav(Path file, int rate, double seconds, int at, float bad) throws IOException {
        int n = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1).putInt(rate)
                .putInt(4 * rate).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4 * n);
        for (int i = 0; i < n; i++) {
            b.putFloat(i == at ? bad : (float) (0.2 * Math.sin(i * 0.03) * Math.sin(i * 0.0001)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.array());
        return file;
    }

    static Path saveModel(Path folder, boolean poison) throws IOException {
        Sequential m = NotebookNetwork.compiled(1, 259, 2, 1e-3);
        if (poison) {
            float[] k = m.weights().get(2).value().data().clone();
            k[7] = Float.NaN;
            m.weights().get(2).set(k);
        }
        SavedModel.save(folder, m, List.of("neg", "pos"), FeatureParamsJson.toJson(FeatureParams.NOTEBOOK),
                new JsonObject(), false);
        return folder;
    }

    @BeforeAll
    void models() throws IOException {
        good = saveModel(dir.resolve("good"), false);
        nanWeights = saveModel(dir.resolve("nan-model"), true);
        cleanWav = floatWav(dir.resolve("clean.wav"), 44100, 3.6, -1, 0);
        nanWav = floatWav(dir.resolve("nan.wav"), 44100, 3.6, 44100 * 2, Float.NaN);
    }

    @Test
    void aNanSampleIsRefusedByPredictNamingTheFileAndTime() throws IOException {
        assertEquals(0, Cli.run("predict", "--model", good.toString(), cleanWav.toString()).code());
        for (boolean json : new boolean[]{false, true}) {
            Cli p = json ? Cli.run("predict", "--model", good.toString(), "--json", nanWav.toString())
                    : Cli.run("predict", "--model", good.toString(), nanWav.toString());
            assertEquals(2, p.code(), p.toString());
            assertTrue(p.lastErrorLine().contains(nanWav.toString()) && p.lastErrorLine().contains("2.000000 s")
                    && p.lastErrorLine().contains("NaN"), p.toString());
            assertEquals("", p.out().strip(), "no answer, and no half-written JSON");
        }
        for (float bad : new float[]{Float.POSITIVE_INFINITY, 1e30f}) {
            Path w = floatWav(dir.resolve("bad-" + bad + ".wav"), 44100, 3.6, 44100, bad);   // inside the notebook window (0.5 s to 3.5 s)
            Cli p = Cli.run("predict", "--model", good.toString(), "--json", w.toString());
            assertEquals(2, p.code(), p.toString());
            assertTrue(p.lastErrorLine().contains(w.toString()), p.toString());
        }
    }

    @Test
    void featuresWritesNoNanVectors() {
        Path out = dir.resolve("f.npy");
        Cli f = Cli.run("features", nanWav.toString(), "--out", out.toString());
        assertEquals(2, f.code(), f.toString());
        assertTrue(f.lastErrorLine().contains(nanWav.toString()), f.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheArray() throws IOException {
        String array = NotebookNetwork.build(1, 259, 2).weights().get(2).path();
        Cli p = Cli.run("predict", "--model", nanWeights.toString(), cleanWav.toString());
        assertEquals(2, p.code(), p.toString());
        assertTrue(p.lastErrorLine().contains("'" + array + "'") && p.lastErrorLine().contains("NaN"), p.toString());
        assertEquals("", p.out().strip());

        Path npz = dir.resolve("x.npz");
        float[] x = new float[3 * 259];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        Npz.write(npz, Map.of("x", NpyArray.ofFloats(x, 3, 259), "y", NpyArray.ofInts(new int[]{0, 1, 0}, 3)));
        Cli e = Cli.run("evaluate", "--model", nanWeights.toString(), "--features", npz.toString());
        assertEquals(2, e.code(), e.toString());
        assertTrue(e.lastErrorLine().contains("'" + array + "'"), e.toString());
        assertFalse(e.out().contains("accuracy"), "no normal-looking accuracy from a NaN model");
        Cli fine = Cli.run("evaluate", "--model", good.toString(), "--features", npz.toString());
        assertEquals(0, fine.code(), fine.toString());
    }

    @Test
    void aNanFeatureArrayIsRefused() throws IOException {
        Path npy = dir.resolve("nan.npy");
        float[] x = new float[259];
        x[100] = Float.NaN;
        ser.model.io.Npy.write(npy, NpyArray.ofFloats(x, 259));
        Cli p = Cli.run("predict", "--model", good.toString(), "--json", "--features", npy.toString());
        assertEquals(2, p.code(), p.toString());
        assertTrue(p.lastErrorLine().contains(npy.toString()), p.toString());
        assertEquals("", p.out().strip());
    }

    @Test
    void trainWithANanWavNamesTheFileAndClaimsNoBestModel() throws IOException {
        Path data = dir.resolve("data");
        new SyntheticCorpus(3, 48000, 1.0, new int[]{1, 3, 5}, 1).write(data);
        Path victim = data.resolve("Actor_03/03-01-05-01-01-01-03.wav");
        assertTrue(Files.isRegularFile(victim));
        floatWav(victim, 48000, 1.0, 24000, Float.NaN);
        Path out = dir.resolve("run");
        Cli t = Cli.run("train", "--data", data.toString(), "--test-actors", "5", "--epochs", "1", "--out", out.toString(),
                "--cache", dir.resolve("cache").toString(), "--threads", "2");
        assertEquals(2, t.code(), t.toString());
        assertTrue(t.lastErrorLine().contains(victim.toString()) && t.lastErrorLine().contains("NaN"), t.toString());
        assertFalse((t.out() + t.err()).contains("best model"), t.toString());

        // a loss that overflows to NaN in the first epoch: exit 3, and no claim of a best model that is not there
        new SyntheticCorpus(3, 48000, 1.0, new int[]{1, 3, 5}, 1).write(data);
        Path out2 = dir.resolve("run2");
        Cli n = Cli.run("train", "--data", data.toString(), "--test-actors", "5", "--epochs", "1", "--out", out2.toString(),
                "--cache", dir.resolve("cache").toString(), "--threads", "2", "--lr", "1e30");
        assertEquals(Main.NAN_LOSS, n.code(), n.toString());
        assertFalse(Files.exists(out2.resolve("best/model.json")));
        assertFalse(n.err().contains("kept in"), n.toString());
        assertTrue(n.lastErrorLine().contains("no model was saved"), n.toString());
    }
}
