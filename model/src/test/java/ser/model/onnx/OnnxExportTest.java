package ser.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Flatten;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.layers.Weight;
import ser.model.NotebookNetwork;
import ser.model.keras.KerasImport;

/** Exported graphs run in onnxruntime and give predict's probabilities. */
class OnnxExportTest {

    @TempDir
    Path tmp;

    static Path keras(String name) throws Exception {
        return Path.of(OnnxExportTest.class.getResource("/keras/" + name).toURI());
    }

    /** Runs the ONNX bytes on x (N, T, 1) and returns the probabilities. */
    static float[][] runOnnx(byte[] onnx, float[] x, int n, int t) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, t, 1});
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
            return (float[][]) r.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }

    static double worst(Sequential model, float[] x, int n) throws OrtException {
        int t = model.inputShape()[0];
        float[][] expected = model.predict(Tensor.of(x, n, t, 1), 16);
        float[][] actual = runOnnx(OnnxExport.toBytes(model, Map.of()), x, n, t);
        double w = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i].length, actual[i].length);
            for (int c = 0; c < expected[i].length; c++) {
                w = Math.max(w, Math.abs(expected[i][c] - actual[i][c]));
            }
        }
        return w;
    }

    static float[] uniform(int size, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    @Test
    void importedKerasModelsRunTheSameInOnnxruntime() throws Exception {
        for (String name : List.of("tiny-save.h5", "tiny-weights.h5", "tiny-gap.h5")) {
            Path config = name.equals("tiny-weights.h5") ? keras("tiny-weights.json") : null;
            Sequential m = KerasImport.read(keras(name), config).model();
            double w = worst(m, uniform(5 * m.inputShape()[0], 7, 2.0), 5);
            System.out.printf("ONNX %s: max |onnxruntime - predict| = %.3g%n", name, w);
            assertTrue(w < 1e-5, name + ": " + w);
        }
    }

    /**
     * The notebook's network (eight Conv1D, BatchNormalization after the first, two pools, Dense) with its moving
     * statistics and weights perturbed, on the librosa feature vectors of the shared fixtures when present.
     */
    @Test
    void notebookNetworkOnRealFeatureVectors() throws Exception {
        Sequential m = NotebookNetwork.build(3, 259, 8);
        long seed = 11;
        for (Weight w : m.weights()) {
            float[] d = w.value().data();
            float[] noise = uniform(d.length, seed++, 0.05);
            for (int i = 0; i < d.length; i++) {
                d[i] = w.name().equals("moving_variance") ? 0.5f + Math.abs(noise[i]) * 20 : d[i] + noise[i];
            }
        }
        List<float[]> vectors = new ArrayList<>();
        Path librosa = sharedLibrosaFixtures();
        if (librosa != null) {
            try (var s = Files.list(librosa)) {
                for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".feature.txt")).sorted().toList()) {
                    float[] v = new float[259];
                    List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).toList();
                    for (int i = 0; i < Math.min(259, lines.size()); i++) {
                        v[i] = Float.parseFloat(lines.get(i).trim());
                    }
                    vectors.add(v);
                }
            }
        } else {
            System.out.println("notebookNetworkOnRealFeatureVectors: shared/fixtures/librosa not found; random vectors only");
        }
        vectors.add(uniform(259, 5, 40));
        float[] x = new float[vectors.size() * 259];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, x, i * 259, 259);
        }
        double w = worst(m, x, vectors.size());
        System.out.printf("ONNX notebook network on %d feature vectors: max |onnxruntime - predict| = %.3g%n",
                vectors.size(), w);
        assertTrue(w < 1e-5, "max difference " + w);
    }

    /** BatchNormalization after Dense works on (N, C); valid padding, an even kernel and an overlapping pool on the way. */
    @Test
    void batchNormalizationOnFlatFeaturesAndEvenKernels() throws Exception {
        Sequential m = new Sequential(5, 20, 1);
        m.add(new Conv1D(3, 4, Padding.SAME)).add(new Activation("relu")).add(new Conv1D(2, 3, Padding.VALID))
                .add(new MaxPooling1D(3, 2)).add(new Flatten()).add(new Dense(6)).add(new BatchNormalization())
                .add(new Activation("relu")).add(new Dense(4)).add(new Activation("softmax"));
        long seed = 40;
        for (Weight w : m.weights()) {
            float[] d = w.value().data();
            float[] noise = uniform(d.length, seed++, 0.3);
            for (int i = 0; i < d.length; i++) {
                d[i] = w.name().equals("moving_variance") ? 0.3f + Math.abs(noise[i]) : d[i] + noise[i];
            }
        }
        double w = worst(m, uniform(4 * 20, 9, 3), 4);
        System.out.printf("ONNX BatchNormalization after Dense: max |onnxruntime - predict| = %.3g%n", w);
        assertTrue(w < 1e-5, "max difference " + w);
    }

    @Test
    void metadataCarriesClassNamesAndFeatureSettings() throws Exception {
        Sequential m = KerasImport.read(keras("tiny-save.h5"), null).model();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("labels", "[\"a\",\"b\",\"c\"]");
        meta.put("feature_params", "{\"sr\":44100}");
        Path out = tmp.resolve("m.onnx");
        OnnxExport.write(out, m, meta);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(out.toString(), new OrtSession.SessionOptions())) {
            assertEquals(meta, s.getMetadata().getCustomMetadata());
            assertEquals("ser", s.getMetadata().getProducerName());
            assertEquals(List.of(OnnxExport.INPUT), new ArrayList<>(s.getInputNames()));
        }
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left beside it");
        }
    }

    /**
     * ONNX's own checker (python3-onnx, with shape inference) accepts the files; skipped where python3 has no onnx.
     * It also reads the metadata back through the official protobuf code, an independent decoder of ours.
     */
    @Test
    void onnxCheckerAcceptsTheExports() throws Exception {
        String python = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import onnx").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    python = candidate;
                    break;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(python != null, "no python3 with the onnx package (python3-onnx)");
        Path file = tmp.resolve("notebook.onnx");
        OnnxExport.write(file, KerasImport.read(keras("tiny-save.h5"), null).model(), Map.of("labels", "[\"a\",\"b\",\"c\"]"));
        String check = "import onnx, sys\n"
                + "m = onnx.load(sys.argv[1])\n"
                + "onnx.checker.check_model(m, full_check=True)\n"
                + "out = m.graph.output[0].type.tensor_type.shape.dim\n"
                + "print(m.ir_version, m.opset_import[0].version, [d.dim_param or d.dim_value for d in out],"
                + " {p.key: p.value for p in m.metadata_props}['labels'], len(m.graph.node))\n";
        Process p = new ProcessBuilder(python, "-c", check, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        System.out.println("onnx.checker (full_check) on tiny-save.onnx: ok; ir, opset, output, labels, nodes = " + out);
        assertEquals("7 13 ['N', 3] [\"a\",\"b\",\"c\"] 11", out);
    }

    @Test
    void protobufVarintsAndKeysFollowTheWireFormat() {
        // field 1 varint 150 is the protobuf documentation's example: 08 96 01
        assertEquals("08 96 01", hex(new ProtoWriter().varint(1, 150).toByteArray()));
        // a negative int64 takes ten bytes
        assertEquals(11, new ProtoWriter().varint(1, -1).toByteArray().length);
        // field 2 string "testing": 12 07 74 65 73 74 69 6e 67
        assertEquals("12 07 74 65 73 74 69 6e 67", hex(new ProtoWriter().string(2, "testing").toByteArray()));
        // packed repeated int64 [3, 270] in field 4: 22 03 03 8e 02
        assertEquals("22 03 03 8e 02", hex(new ProtoWriter().packedInt64(4, 3, 270).toByteArray()));
        assertEquals("15 00 00 80 3f", hex(new ProtoWriter().float32(2, 1f).toByteArray()));
    }

    @Test
    void aModelWithoutLayersIsRefused() {
        Sequential empty = new Sequential(1, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(empty, Map.of()));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    static Path sharedLibrosaFixtures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/fixtures/librosa");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }
}
