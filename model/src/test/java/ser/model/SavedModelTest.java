package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;
import ser.engine.train.FitSettings;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

class SavedModelTest {

    private static final List<String> LABELS = List.of("male_negative", "male_positive");

    @TempDir
    Path dir;

    Sequential model;
    Tensor x;

    @BeforeEach
    void trainABit() {
        model = NotebookNetwork.compiled(5, 64, 2, 0.01);
        float[] data = new float[6 * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.37);
        }
        x = Tensor.of(data, 6, 64, 1);
        // two updates so weights, BN statistics and iterations differ from a fresh build
        model.fit(x, new int[]{0, 1, 0, 1, 1, 0}, FitSettings.builder().epochs(1).batchSize(3).build());
    }

    private Path weightsFile(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().matches("weights-[0-9a-f]{12}\\.npz")).findFirst().orElseThrow();
        }
    }

    @Test
    void roundTripGivesTheSamePredictionsAndNumpyReadableKerasArrays() throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("epoch", 1);
        SavedModel.save(dir, model, LABELS, new JsonObject(), training, true);
        SavedModel.Loaded back = SavedModel.load(dir);
        assertEquals(LABELS, back.labels());
        assertEquals(1, back.training().get("epoch").getAsInt());
        float[][] a = model.predict(x, 4);
        float[][] b = back.model().predict(x, 4);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0f, "row " + i);
        }
        assertEquals(model.optimizer().iterations(), back.model().optimizer().iterations());
        assertEquals(model.optimizer().lr(), back.model().optimizer().lr(), 0);
        Map<String, NpyArray> arrays = Npz.read(weightsFile(dir));
        assertArrayEquals(new int[]{8, 1, 256}, arrays.get("conv1d_1/kernel").shape());
        assertArrayEquals(new int[]{256}, arrays.get("batch_normalization_1/moving_variance").shape());
        assertArrayEquals(new int[]{0 + 64, 2}, arrays.get("dense_1/kernel").shape()); // 64 steps -> 1 x 64 after pools
        assertTrue(arrays.containsKey("optimizer/conv1d_1/kernel"));
        for (Weight w : model.weights()) {
            assertArrayEquals(w.value().data(), arrays.get(w.path()).floats(), 0f, w.path());
        }
    }

    @Test
    void savingAgainReplacesTheWeightsAndLeavesNoTemporaryFiles() throws IOException {
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), false);
        Path first = weightsFile(dir);
        model.fit(x, new int[]{0, 1, 0, 1, 1, 0}, FitSettings.builder().epochs(2).batchSize(3).initialEpoch(1).build());
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), false);
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.contains("model.json"));
        }
        assertTrue(!Files.exists(first), "the old weights file was removed");
        SavedModel.load(dir);
    }

    @Test
    void aCrashBeforeModelJsonIsReplacedLeavesTheOldModelLoadable() throws IOException {
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), false);
        float[][] before = SavedModel.load(dir).model().predict(x, 6);
        // simulate a crash after the new weights were renamed into place but before model.json was replaced
        Files.write(dir.resolve("weights-000000000000.npz"), new byte[]{1, 2, 3});
        Files.write(dir.resolve(".model-new.json"), "{ half".getBytes(StandardCharsets.UTF_8));
        float[][] after = SavedModel.load(dir).model().predict(x, 6);
        assertArrayEquals(before[0], after[0], 0f);
    }

    @Test
    void truncatedOrCorruptWeightsAreOneLineErrors() throws IOException {
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), false);
        Path w = weightsFile(dir);
        byte[] bytes = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains(w.getFileName().toString()) && e.getMessage().contains("SHA-256"), e.getMessage());
        Files.delete(w);
        e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(dir.resolve("model.json"), "{\"format\": ");
        e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        e = assertThrows(IOException.class, () -> SavedModel.load(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    /** A model.json of the first format (notebook network only, configs as text) still loads, to the same bits. */
    @Test
    void aVersionOneFileOfTheNotebookNetworkStillLoads() throws IOException {
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), true);
        Path json = dir.resolve("model.json");
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        o.addProperty("version", 1);
        o.remove("class_name");
        o.addProperty("architecture", NotebookNetwork.ARCHITECTURE);
        com.google.gson.JsonArray layers = new com.google.gson.JsonArray();
        for (int i = 0; i < model.layers().size(); i++) {      // version 1: {class_name, name, config: "text", weights}
            com.google.gson.JsonObject saved = o.getAsJsonArray("layers").get(i).getAsJsonObject();
            com.google.gson.JsonObject old = new com.google.gson.JsonObject();
            old.addProperty("class_name", model.layers().get(i).kerasClassName());
            old.addProperty("name", model.layers().get(i).name());
            old.addProperty("config", model.layers().get(i).config().toString().replace(", zero_debias=true", ""));
            if (saved.has("weights")) {
                old.add("weights", saved.get("weights"));
            }
            layers.add(old);
        }
        o.add("layers", layers);
        Path weights = weightsFile(dir);                       // version 1 had no zero-debiasing state
        Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>(Npz.read(weights));
        arrays.keySet().removeIf(k -> k.endsWith("/biased") || k.endsWith("/local_step"));
        Npz.write(weights, arrays);
        o.getAsJsonObject("weights").addProperty("sha256", SavedModel.sha256(weights));
        Files.writeString(json, o.toString());
        Sequential back = SavedModel.load(dir).model();
        float[][] p = model.predict(x, 4);
        float[][] q = back.predict(x, 4);
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], q[i]);
        }
        Files.writeString(json, o.toString().replace("filters=256, kernel_size=8", "filters=512, kernel_size=8"));
        IOException e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("filters=512"), e.getMessage());
    }

    @Test
    void anotherArchitectureOrMismatchedShapesAreNamed() throws IOException {
        SavedModel.save(dir, model, LABELS, new JsonObject(), new JsonObject(), false);
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replaceFirst("\"filters\": 256", "\"filters\": 512"));
        IOException e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("conv1d_1/kernel") && e.getMessage().contains("[8, 1, 512]"), e.getMessage());
        Files.writeString(json, text.replaceFirst("\"kernel_size\": 8", "\"kernel_size\": 0"));
        e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("kernel_size=0"), e.getMessage());

        // weights of a 3-class model under a 2-class model.json: dense_1 shapes differ
        Path other = dir.resolve("three");
        Sequential three = NotebookNetwork.compiled(5, 64, 3, 0.01);
        SavedModel.save(other, three, List.of("a", "b", "c"), new JsonObject(), new JsonObject(), false);
        Files.writeString(json, text);
        Path mine = weightsFile(dir);
        Path theirs = weightsFile(other);
        Files.copy(theirs, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String sha = SavedModel.sha256(mine);
        Files.writeString(json, text.replaceAll("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": \"" + sha + "\""));
        e = assertThrows(IOException.class, () -> SavedModel.load(dir));
        assertTrue(e.getMessage().contains("dense_1/") && e.getMessage().contains("[64, 3]"), e.getMessage());
    }

    @Test
    void checkpointSavesOnlyImprovementsAndSkipsCutEpochs() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        ModelCheckpoint best = new ModelCheckpoint(model, dir.resolve("best"), "val_loss", true, false, LABELS,
                new JsonObject(),
                (done, b) -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("epoch", done);
                    return o;
                }, lines::add);
        best.onEpochEnd(0, new java.util.HashMap<>(Map.of("val_loss", 0.7)));
        best.onEpochEnd(1, new java.util.HashMap<>(Map.of("val_loss", 0.8)));
        best.onEpochEnd(2, new java.util.HashMap<>(Map.of("val_loss", Double.NaN)));
        assertEquals(1, SavedModel.load(dir.resolve("best")).training().get("epoch").getAsInt());
        best.onEpochEnd(3, new java.util.HashMap<>(Map.of("val_loss", 0.65)));
        assertEquals(4, SavedModel.load(dir.resolve("best")).training().get("epoch").getAsInt());
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("improved from 0.70000 to 0.65000"), lines.get(1));

        ModelCheckpoint last = new ModelCheckpoint(model, dir.resolve("last"), "val_loss", false, true, LABELS,
                new JsonObject(),
                (done, b) -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("epoch", done);
                    return o;
                }, lines::add);
        last.onEpochEnd(0, new java.util.HashMap<>(Map.of("val_loss", 0.9)));
        last.onEpochEnd(1, new java.util.HashMap<>(Map.of("loss", 0.9)));   // cut short: no val_loss
        assertEquals(1, SavedModel.load(dir.resolve("last")).training().get("epoch").getAsInt());
        assertTrue(((SGD) SavedModel.load(dir.resolve("last")).model().optimizer()).velocities().containsKey("dense_1/kernel"));
    }
}
