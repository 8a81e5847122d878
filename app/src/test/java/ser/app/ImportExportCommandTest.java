package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.Tensor;
import ser.model.SavedModel;
import ser.model.io.Npy;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/** import-keras and export end to end on the synthetic Keras fixtures, and every bad input of the import. */
class ImportExportCommandTest {

    @TempDir
    Path tmp;

    /** tiny-save.h5 takes 16 frames: 1 + floor(1.5 s x 5120 Hz / 512) = 16. */
    private Cli importTiny(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("import-keras", KerasInterop.fixture("tiny-save.h5").toString(),
                "--out", out.toString(), "--sr", "5120"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void importThenPredictAndExport() throws Exception {
        Path out = tmp.resolve("tiny");
        Cli c = importTiny(out, "--labels", "calm,happy,sad", "--duration", "1.5");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("input (16, 1), 3 classes"), c.out());
        SavedModel.Loaded m = SavedModel.load(out);
        assertEquals(List.of("calm", "happy", "sad"), m.labels());
        assertEquals(5120, m.featureParams().get("sr").getAsInt());
        assertEquals(16, m.featureParams().get("length").getAsInt());
        assertEquals("2.2.4", m.training().get("keras_version").getAsString());

        // predict names the classes --labels gave (what a Keras .h5 never stores)
        Path one = tmp.resolve("one.npy");
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.cos(i * 0.3);
        }
        Npy.write(one, NpyArray.ofFloats(v, 16));
        Cli p = Cli.run("predict", "--model", out.toString(), "--features", one.toString(), "--json");
        assertEquals(0, p.code(), p.toString());
        float[] expectedOne = m.model().predict(Tensor.of(v, 1, 16, 1), 1)[0];
        String[] names = {"calm", "happy", "sad"};
        int best = 0;
        for (int k = 1; k < 3; k++) {
            best = expectedOne[k] > expectedOne[best] ? k : best;
        }
        assertTrue(p.out().contains("\"label\":\"" + names[best] + "\"") || p.out().contains("\"label\": \"" + names[best] + "\""),
                p.out());
        for (String name : names) {
            assertTrue(p.out().contains("\"" + name + "\""), p.out());
        }

        Path onnx = tmp.resolve("tiny.onnx");
        Cli e = Cli.run("export", "--model", out.toString(), "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, e.code(), e.toString());
        float[] x = new float[2 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7) * 3;
        }
        float[][] expected = m.model().predict(Tensor.of(x, 2, 16, 1), 2);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 16, 1});
             OrtSession.Result r = s.run(Map.of("input", in))) {
            float[][] got = (float[][]) r.get("probabilities").orElseThrow().getValue();
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected[i][k], got[i][k], 1e-5);
                }
            }
            assertEquals("[\"calm\",\"happy\",\"sad\"]", s.getMetadata().getCustomMetadata().get("labels"));
            assertTrue(s.getMetadata().getCustomMetadata().get("feature_params").contains("\"sr\":5120"));
        }

        Path npz = tmp.resolve("tiny.npz");
        Cli n = Cli.run("export", "--model", out.toString(), "--format", "npz", "--out", npz.toString());
        assertEquals(0, n.code(), n.toString());
        Map<String, NpyArray> w = Npz.read(npz);
        assertEquals(List.of("conv1d_1/kernel", "conv1d_1/bias", "batch_normalization_1/gamma", "batch_normalization_1/beta",
                "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance", "conv1d_2/kernel",
                "conv1d_2/bias", "dense_1/kernel", "dense_1/bias"), List.copyOf(w.keySet()));
    }

    @Test
    void durationIsDerivedFromTheInputLengthWhenNotGiven() throws Exception {
        Path out = tmp.resolve("derived");
        Cli c = importTiny(out);
        assertEquals(0, c.code(), c.toString());
        assertEquals(1.5, SavedModel.load(out).featureParams().get("duration").getAsDouble());
        assertTrue(c.out().contains("class_0, class_1, class_2") && c.out().contains("--labels"), c.out());
    }

    @Test
    void saveWeightsFileWithConfig() {
        Path out = tmp.resolve("w");
        Cli c = Cli.run("import-keras", KerasInterop.fixture("tiny-weights.h5").toString(), "--config",
                KerasInterop.fixture("tiny-weights.json").toString(), "--out", out.toString(), "--sr", "2048");
        assertEquals(0, c.code(), c.toString());
        assertTrue(SavedModel.exists(out));
    }

    /** Exit 2, one error line naming what is given, and --out never created. */
    private String refused(Cli c, Path out, String... mustContain) {
        assertEquals(2, c.code(), c.toString());
        String line = c.lastErrorLine();
        assertTrue(line.startsWith("error: "), c.toString());
        assertEquals(1, c.err().strip().lines().count(), c.toString());
        for (String s : mustContain) {
            assertTrue(line.contains(s), "'" + s + "' missing in: " + line);
        }
        assertFalse(Files.exists(out), "--out must not be created: " + out);
        try (var s = Files.list(out.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".importing-")), "temporary folder left");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return line;
    }

    @Test
    void badInputsAreOneLineErrorsAndWriteNothing() throws Exception {
        Path out = tmp.resolve("never");
        refused(importTiny(out, "--duration", "3"), out, "tiny-save.h5", "conv1d_1", "16 frames", "give 31");
        refused(importTiny(out, "--labels", "a,b"), out, "--labels gives 2 names", "3 classes");
        refused(importTiny(out, "--labels", "a,b,a"), out, "--labels", "distinct", "a,b,a");
        refused(importTiny(out, "--labels", "a,,c"), out, "--labels", "non-empty");
        for (String bad : List.of("strided.h5", "lstm.h5", "functional.h5", "wrong-shape.h5", "missing-layer.h5", "keras1.h5",
                "nan-weights.h5")) {
            refused(Cli.run("import-keras", KerasInterop.fixture(bad).toString(), "--out", out.toString()), out, bad);
        }
        Path notH5 = tmp.resolve("notes.h5");
        Files.writeString(notH5, "hello");
        refused(Cli.run("import-keras", notH5.toString(), "--out", out.toString()), out, "notes.h5", "not an HDF5 file");
        byte[] whole = Files.readAllBytes(KerasInterop.fixture("tiny-save.h5"));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 1000));
        refused(Cli.run("import-keras", cut.toString(), "--out", out.toString()), out, "cut.h5", "truncated");
        refused(Cli.run("import-keras", KerasInterop.fixture("tiny-weights.h5").toString(), "--out", out.toString()),
                out, "tiny-weights.h5", "--config");

        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("keep.txt"), "mine");
        Cli c = importTiny(full);
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.lastErrorLine().contains("not empty"), c.toString());
        assertEquals("mine", Files.readString(full.resolve("keep.txt")));
    }

    /** Two imports into one --out: the second is refused while the first holds the folder, and writes nothing. */
    @Test
    void aSecondImportIntoTheSameFolderIsRefused() throws Exception {
        Path out = tmp.resolve("busy");
        try (FolderLock held = FolderLock.acquireForFile(out, "import-keras",
                new java.io.PrintWriter(java.io.Writer.nullWriter()))) {
            Cli c = importTiny(out);
            assertEquals(2, c.code(), c.toString());
            assertTrue(c.lastErrorLine().contains(out + " is in use by pid " + ProcessHandle.current().pid()), c.toString());
            assertFalse(Files.exists(out));
        }
        assertEquals(0, importTiny(out).code());
    }

    @Test
    void exportRefusesAnUnknownFormat() throws Exception {
        Path out = tmp.resolve("m");
        assertEquals(0, importTiny(out).code());
        Cli c = Cli.run("export", "--model", out.toString(), "--format", "tflite", "--out", tmp.resolve("x").toString());
        assertEquals(2, c.code());
        assertTrue(c.lastErrorLine().contains("tflite"), c.toString());
    }
}
