package ser.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Layer;

/**
 * The import against the synthetic .h5 files of make_keras_fixtures.py (Keras 2.2.4's layout, written with h5py)
 * and the probabilities that keras_torch_reference.py (h5py + PyTorch, float64) computed for them.
 */
class KerasImportTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(KerasImportTest.class.getResource("/keras/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource keras/" + name, e);
        }
    }

    /** Largest |p - reference| over the fixture's inputs. */
    static double worstDifference(Sequential model, Path expectedJson) throws IOException {
        JsonObject e = JsonParser.parseString(Files.readString(expectedJson, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray inputs = e.getAsJsonArray("inputs");
        JsonArray probs = e.getAsJsonArray("probabilities");
        int n = inputs.size();
        int t = inputs.get(0).getAsJsonArray().size();
        float[] x = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                x[i * t + j] = inputs.get(i).getAsJsonArray().get(j).getAsFloat();
            }
        }
        float[][] p = model.predict(Tensor.of(x, n, t, 1), 8);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            JsonArray row = probs.get(i).getAsJsonArray();
            assertEquals(row.size(), p[i].length);
            for (int c = 0; c < row.size(); c++) {
                worst = Math.max(worst, Math.abs(p[i][c] - row.get(c).getAsDouble()));
            }
        }
        return worst;
    }

    @Test
    void modelSaveFileWithBatchNormalizationMatchesPyTorch() throws IOException {
        KerasImport.Result r = KerasImport.read(fixture("tiny-save.h5"), null);
        assertEquals("2.2.4", r.file().kerasVersion());
        assertTrue(r.file().hasModelConfig());
        List<String> engine = r.model().layers().stream().map(l -> l.name() + ":" + l.kerasClassName()).toList();
        assertEquals(List.of("conv1d_1:Conv1D", "conv1d_1_relu:Activation", "batch_normalization_1:BatchNormalization",
                "max_pooling1d_1:MaxPooling1D", "conv1d_2:Conv1D", "activation_1:Activation", "dropout_1:Dropout",
                "flatten_1:Flatten", "dense_1:Dense", "dense_1_softmax:Activation"), engine);
        assertArrayEquals(new int[] {16, 1}, r.model().inputShape());
        double worst = worstDifference(r.model(), fixture("tiny-save.expected.json"));
        System.out.printf("tiny-save.h5: max |p - PyTorch| = %.3g%n", worst);
        assertTrue(worst < 1e-6, "max difference " + worst);
    }

    @Test
    void saveWeightsFileTakesTheArchitectureFromConfig() throws IOException {
        KerasImport.Result r = KerasImport.read(fixture("tiny-weights.h5"), fixture("tiny-weights.json"));
        assertFalse(r.file().hasModelConfig());
        assertEquals("sequential_2", r.config().modelName());
        double worst = worstDifference(r.model(), fixture("tiny-weights.expected.json"));
        System.out.printf("tiny-weights.h5 + tiny-weights.json: max |p - PyTorch| = %.3g%n", worst);
        assertTrue(worst < 1e-6, "max difference " + worst);
        IOException e = assertThrows(IOException.class, () -> KerasImport.read(fixture("tiny-weights.h5"), null));
        assertTrue(e.getMessage().contains("tiny-weights.h5") && e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void globalAveragePoolingInAKeras20ListStyleConfig() throws IOException {
        KerasImport.Result r = KerasImport.read(fixture("tiny-gap.h5"), null);
        assertEquals("2.0.6", r.file().kerasVersion());
        assertEquals("GlobalAveragePooling1D", r.model().layers().get(2).kerasClassName());
        double worst = worstDifference(r.model(), fixture("tiny-gap.expected.json"));
        System.out.printf("tiny-gap.h5: max |p - PyTorch| = %.3g%n", worst);
        assertTrue(worst < 1e-6, "max difference " + worst);
    }

    @Test
    void bothConfigStylesGiveTheSameLayers() throws IOException {
        String layers = "[{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c\", \"batch_input_shape\": [null, 8, 1],"
                + " \"filters\": 2, \"kernel_size\": 3, \"strides\": [1], \"padding\": \"valid\", \"activation\": \"relu\"}},"
                + " {\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
                + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"activation\": \"softmax\"}}]";
        KerasConfig old = KerasConfig.parse("{\"class_name\": \"Sequential\", \"config\": " + layers + "}", "a.json");
        KerasConfig neu = KerasConfig.parse("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": "
                + layers + "}}", "b.json");
        assertEquals(old.layers(), neu.layers());
        assertArrayEquals(new int[] {8, 1}, old.inputShape());
        assertEquals("s", neu.modelName());
    }

    private String refusal(String file) {
        IOException e = assertThrows(IOException.class, () -> KerasImport.read(fixture(file), null));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains(file), m);
        return m;
    }

    @Test
    void unsupportedModelsAreRefusedNamingLayerAndSetting() {
        String strided = refusal("strided.h5");
        assertTrue(strided.contains("conv1d_2") && strided.contains("strides"), strided);
        String lstm = refusal("lstm.h5");
        assertTrue(lstm.contains("lstm_1") && lstm.contains("LSTM"), lstm);
        String functional = refusal("functional.h5");
        assertTrue(functional.contains("functional"), functional);
    }

    @Test
    void configAndWeightsThatDisagreeAreRefused() {
        String shape = refusal("wrong-shape.h5");
        assertTrue(shape.contains("conv1d_2/kernel:0") && shape.contains("[2, 4, 5]") && shape.contains("[2, 4, 3]"), shape);
        String missing = refusal("missing-layer.h5");
        assertTrue(missing.contains("dense_1"), missing);
    }

    /** Weights the config has no layer for mean the two files are not of one model, even when the rest fits. */
    @Test
    void weightsForALayerTheConfigLacksAreRefused() throws IOException {
        JsonObject cfg = JsonParser.parseString(Files.readString(fixture("tiny-weights.json"))).getAsJsonObject();
        JsonArray layers = cfg.getAsJsonObject("config").getAsJsonArray("layers");
        layers.remove(layers.size() - 1);            // activation_2
        layers.remove(layers.size() - 1);            // dense_2, whose kernel and bias stay in the .h5
        Path config = tmp.resolve("short.json");
        Files.writeString(config, cfg.toString());
        IOException e = assertThrows(IOException.class, () -> KerasImport.read(fixture("tiny-weights.h5"), config));
        assertTrue(e.getMessage().contains("tiny-weights.h5") && e.getMessage().contains("layer 'dense_2'")
                && e.getMessage().contains("config does not have"), e.getMessage());
    }

    /** A diverged run's NaN weights would make every answer NaN: refused naming the file and the array. */
    @Test
    void nonFiniteWeightsAreRefusedNamingTheArray() {
        String m = refusal("nan-weights.h5");
        assertTrue(m.contains("array 'conv1d_2/conv1d_2/kernel:0' holds NaN at flat index 18 (shape [2, 4, 3])"), m);
    }

    @Test
    void keras1NotHdf5AndTruncatedFilesAreRefused() throws IOException {
        String k1 = refusal("keras1.h5");
        assertTrue(k1.contains("Keras 1"), k1);

        Path text = tmp.resolve("model.h5");
        Files.writeString(text, "{\"class_name\": \"Sequential\"}");
        IOException e = assertThrows(IOException.class, () -> KerasImport.read(text, null));
        assertTrue(e.getMessage().contains("model.h5") && e.getMessage().contains("not an HDF5 file"), e.getMessage());

        byte[] whole = Files.readAllBytes(fixture("tiny-save.h5"));
        for (int cut : new int[] {100, 2048, whole.length / 2, whole.length - 100}) {
            Path truncated = tmp.resolve("truncated-" + cut + ".h5");
            Files.write(truncated, java.util.Arrays.copyOf(whole, cut));
            IOException t = assertThrows(IOException.class, () -> KerasImport.read(truncated, null), "cut at " + cut);
            assertTrue(t.getMessage().contains(truncated.getFileName().toString()), t.getMessage());
            assertFalse(t.getMessage().contains("\n"), t.getMessage());
        }
        Path none = tmp.resolve("absent.h5");
        assertThrows(IOException.class, () -> KerasImport.read(none, null));
    }

    @Test
    void aMalformedConfigIsRefused() {
        IOException e = assertThrows(IOException.class, () -> KerasConfig.parse("{nope", "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        IOException noShape = assertThrows(IOException.class, () -> KerasConfig.parse(
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}]}",
                "m.json"));
        assertTrue(noShape.getMessage().contains("batch_input_shape"), noShape.getMessage());
    }

    @Test
    void engineLayerNamesAreKerasNames() throws IOException {
        Sequential m = KerasImport.read(fixture("tiny-save.h5"), null).model();
        assertEquals("conv1d_1/kernel", m.layers().get(0).weights().get(0).path());
        Layer bn = m.layers().get(2);
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
                bn.weights().stream().map(w -> w.name()).toList());
    }
}
