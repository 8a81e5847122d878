package ser.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.features.ResType;
import ser.model.SavedModel;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * The real Keras 2.0.6 model of Speech-Emotion-Analyzer (shared/models/speech-emotion-analyzer, MIT licence), imported
 * and run on RAVDESS clips with that project's feature settings (sr 44100, offset 0.5, duration 2.5, 13 MFCCs: 216
 * frames), against an independent reference: keras_torch_reference.py reads the same .h5 with h5py and runs the
 * network in PyTorch (float64).
 *
 * <p>The model stays out of git (3.6 MB, trained on RAVDESS) and is read from the shared folder; without it the test
 * is skipped. The committed fixture (speech-emotion-analyzer.reference.json) holds, per clip, the 216 feature values
 * this project computes from the WAV and PyTorch's 10 probabilities for them, so the comparison runs wherever the
 * model is, with or without Python; where the WAVs can be restored (flac) the features are recomputed from audio,
 * and where python3 has h5py and torch the reference is run again. {@code -Dkeras.reference.update=true} rewrites
 * the fixture (needs both).
 */
class SpeechEmotionAnalyzerTest {

    static final List<String> LABELS = List.of("female_angry", "female_calm", "female_fearful", "female_happy",
            "female_sad", "male_angry", "male_calm", "male_fearful", "male_happy", "male_sad");
    static final List<String> CLIPS = List.of("03-01-05-02-01-01-01", "03-01-04-02-02-01-08", "03-01-03-01-02-01-20",
            "03-01-02-01-02-02-13", "03-01-06-01-01-02-11", "03-01-07-02-01-01-16");
    static final double TOLERANCE = 1e-5;
    /** That project's librosa.load(res_type='kaiser_fast', duration=2.5, sr=44100, offset=0.5), 13 MFCCs, 216 frames. */
    static final FeatureParams SETTINGS = new FeatureParams(44100, 0.5, 2.5, ResType.KAISER_FAST, 2048, 512, 128, 0.0,
            Double.NaN, 13, 80.0, 216);

    @TempDir
    Path tmp;

    static Path fixtureFile() {
        return DocsExcerptsTest.repoRoot().resolve("app/src/test/resources/keras/speech-emotion-analyzer.reference.json");
    }

    @Test
    void importedModelAgreesWithPyTorchOnRavdessClips() throws Exception {
        Path dir = KerasInterop.shared("models/speech-emotion-analyzer");
        Assumptions.assumeTrue(dir != null, "shared/models/speech-emotion-analyzer not found: the real Keras model is not"
                + " in git (3.6 MB, trained on RAVDESS)");
        Path h5 = dir.resolve("Emotion_Voice_Detection_Model.h5");
        boolean update = Boolean.getBoolean("keras.reference.update");
        Map<String, Path> wavs = restoreWavs();
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, double[]> reference = new LinkedHashMap<>();
        if (update) {
            Assumptions.assumeTrue(wavs != null && KerasInterop.python() != null, "update needs the WAVs and python3");
            for (String clip : CLIPS) {
                features.put(clip, Features.vector(wavs.get(clip), SETTINGS));
            }
            reference = runPyTorch(h5, features);
            writeFixture(features, reference);
        } else {
            JsonObject f = JsonParser.parseString(Files.readString(fixtureFile(), StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement e : f.getAsJsonArray("clips")) {
                JsonObject c = e.getAsJsonObject();
                features.put(c.get("name").getAsString(), floats(c.getAsJsonArray("features")));
                reference.put(c.get("name").getAsString(), doubles(c.getAsJsonArray("probabilities")));
            }
        }

        Path model = tmp.resolve("sea");
        Cli imp = Cli.run("import-keras", h5.toString(), "--labels", String.join(",", LABELS), "--sr", "44100",
                "--offset", "0.5", "--duration", "2.5", "--n-mfcc", "13", "--out", model.toString());
        assertEquals(0, imp.code(), imp.toString());
        System.out.print(imp.out());
        assertTrue(imp.out().contains("input (216, 1), 10 classes"), imp.out());

        // the same architecture from the project's model.json (Keras 2.0.6's list-style config) gives the same model
        Cli withConfig = Cli.run("import-keras", h5.toString(), "--config", dir.resolve("model.json").toString(),
                "--duration", "2.5", "--out", tmp.resolve("sea2").toString());
        assertEquals(0, withConfig.code(), withConfig.toString());

        SavedModel.Loaded loaded = SavedModel.load(model);
        FeatureParams params = FeatureParamsJson.fromJson(loaded.featureParams(), "model.json");
        assertEquals(SETTINGS, params);
        assertEquals(CLIPS, List.copyOf(features.keySet()));

        // 1. predict --features on the fixture's vectors against PyTorch's probabilities
        Path npz = tmp.resolve("sea-features.npz");
        float[] x = new float[features.size() * 216];
        int i = 0;
        for (float[] v : features.values()) {
            System.arraycopy(v, 0, x, 216 * i++, 216);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.ofFloats(x, features.size(), 216));
        arrays.put("names", NpyArray.ofStrings(features.keySet().toArray(String[]::new)));
        Npz.write(npz, arrays);
        Cli p = Cli.run("predict", "--model", model.toString(), "--features", npz.toString(), "--json");
        assertEquals(0, p.code(), p.toString());
        double worst = worst(predicted(p.out()), reference);
        System.out.printf("Speech-Emotion-Analyzer model, %d RAVDESS clips: max |predict - PyTorch| = %.3g (tol %.0e)%n",
                CLIPS.size(), worst, TOLERANCE);
        assertTrue(worst < TOLERANCE, "predict vs PyTorch: " + worst);

        // 2. the ONNX export of the imported model in onnxruntime, same vectors
        Path onnx = tmp.resolve("sea.onnx");
        Cli e = Cli.run("export", "--model", model.toString(), "--out", onnx.toString());
        assertEquals(0, e.code(), e.toString());
        // docs:begin onnxruntime-java
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {features.size(), 216, 1});
             OrtSession.Result r = s.run(Map.of("input", in))) {
            float[][] got = (float[][]) r.get("probabilities").orElseThrow().getValue();
            String labels = s.getMetadata().getCustomMetadata().get("labels");      // ["female_angry", ...]
            // docs:end onnxruntime-java
            Map<String, double[]> byName = new LinkedHashMap<>();
            int k = 0;
            for (String name : features.keySet()) {
                byName.put(name, toDouble(got[k++]));
            }
            double w = worst(byName, reference);
            System.out.printf("Speech-Emotion-Analyzer model as ONNX: max |onnxruntime - PyTorch| = %.3g%n", w);
            assertTrue(w < TOLERANCE, "onnxruntime vs PyTorch: " + w);
            assertEquals(new GsonBuilder().create().toJson(LABELS), labels);
        }

        // 3. from the audio: predict on the WAVs computes the features itself
        if (wavs != null) {
            for (String clip : CLIPS) {
                assertArrayEquals(features.get(clip), Features.vector(wavs.get(clip), params), clip + " features");
            }
            List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--json"));
            CLIPS.forEach(c -> args.add(wavs.get(c).toString()));
            Cli pw = Cli.run(args.toArray(String[]::new));
            assertEquals(0, pw.code(), pw.toString());
            double ww = worst(predicted(pw.out()), reference);
            System.out.printf("Speech-Emotion-Analyzer model from the WAVs: max |predict - PyTorch| = %.3g%n", ww);
            assertTrue(ww < TOLERANCE, "predict on WAVs vs PyTorch: " + ww);
        } else {
            System.out.println("SpeechEmotionAnalyzerTest: RAVDESS FLACs or flac not available; compared on the"
                    + " committed feature vectors only");
        }

        // 4. the reference itself, run again where Python has h5py and torch
        if (KerasInterop.python() != null && !update) {
            double r = worst(runPyTorch(h5, features), reference);
            System.out.printf("keras_torch_reference.py rerun: max |now - fixture| = %.3g%n", r);
            assertTrue(r < 1e-12, "the PyTorch reference no longer reproduces the fixture: " + r);
        } else if (!update) {
            System.out.println("SpeechEmotionAnalyzerTest: no python3 with h5py and torch; the committed PyTorch"
                    + " probabilities were used");
        }
    }

    /** Decodes the clips' FLACs from shared/datasets/ravdess-speech into tmp; null when flac or the data is absent. */
    private Map<String, Path> restoreWavs() throws IOException {
        Path data = KerasInterop.shared("datasets/ravdess-speech");
        if (data == null) {
            return null;
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (String clip : CLIPS) {
            Path flac = data.resolve("Actor_" + clip.substring(clip.length() - 2)).resolve(clip + ".flac");
            Path wav = tmp.resolve(clip + ".wav");
            if (!Files.isRegularFile(flac)
                    || !KerasInterop.run(List.of("flac", "-d", "-s", "-o", wav.toString(), flac.toString()), null).startsWith("ok")) {
                return null;
            }
            out.put(clip, wav);
        }
        return out;
    }

    private Map<String, double[]> runPyTorch(Path h5, Map<String, float[]> features) throws IOException {
        JsonObject in = new JsonObject();
        JsonArray rows = new JsonArray();
        for (float[] v : features.values()) {
            JsonArray row = new JsonArray();
            for (float f : v) {
                row.add(f);
            }
            rows.add(row);
        }
        in.add("inputs", rows);
        Path inputs = tmp.resolve("inputs.json");
        Files.writeString(inputs, in.toString());
        String script = KerasInterop.fixture("keras_torch_reference.py").toString();
        String r = KerasInterop.run(List.of(KerasInterop.python(), script, h5.toString(), "--inputs", inputs.toString()), null);
        assertTrue(r.startsWith("ok"), r);
        JsonArray probs = JsonParser.parseString(r.substring(3)).getAsJsonObject().getAsJsonArray("probabilities");
        Map<String, double[]> out = new LinkedHashMap<>();
        int i = 0;
        for (String name : features.keySet()) {
            out.put(name, doubles(probs.get(i++).getAsJsonArray()));
        }
        return out;
    }

    private void writeFixture(Map<String, float[]> features, Map<String, double[]> reference) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("model", "shared/models/speech-emotion-analyzer/Emotion_Voice_Detection_Model.h5 (Keras 2.0.6)");
        root.addProperty("features", "this project's Features.vector: sr 44100, res_type kaiser_fast, offset 0.5,"
                + " duration 2.5, mean of 13 MFCCs per frame, 216 values");
        root.addProperty("probabilities", "keras_torch_reference.py (h5py + PyTorch, float64) on those features");
        root.add("labels", new GsonBuilder().create().toJsonTree(LABELS));
        JsonArray clips = new JsonArray();
        for (String name : features.keySet()) {
            JsonObject c = new JsonObject();
            c.addProperty("name", name);
            JsonArray f = new JsonArray();
            for (float v : features.get(name)) {
                f.add(v);
            }
            c.add("features", f);
            JsonArray pr = new JsonArray();
            for (double v : reference.get(name)) {
                pr.add(v);
            }
            c.add("probabilities", pr);
            clips.add(c);
        }
        root.add("clips", clips);
        Files.createDirectories(fixtureFile().getParent());
        Files.writeString(fixtureFile(), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n");
        System.out.println("wrote " + fixtureFile());
    }

    /** {input name -> probabilities in LABELS order} from predict --json. */
    private static Map<String, double[]> predicted(String json) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            String input = o.get("input").getAsString();
            String name = Path.of(input).getFileName().toString().replace(".wav", "");
            JsonObject probs = o.getAsJsonObject("probabilities");
            double[] p = new double[LABELS.size()];
            for (int c = 0; c < p.length; c++) {
                p[c] = probs.get(LABELS.get(c)).getAsDouble();
            }
            out.put(name, p);
        }
        return out;
    }

    private static double worst(Map<String, double[]> got, Map<String, double[]> reference) {
        assertEquals(reference.keySet(), got.keySet());
        double w = 0;
        for (String k : reference.keySet()) {
            for (int c = 0; c < reference.get(k).length; c++) {
                w = Math.max(w, Math.abs(got.get(k)[c] - reference.get(k)[c]));
            }
        }
        return w;
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
