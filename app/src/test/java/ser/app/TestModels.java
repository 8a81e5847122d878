package ser.app;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ser.data.SyntheticCorpus;
import ser.engine.models.Sequential;
import ser.features.FeatureParams;
import ser.model.NotebookNetwork;
import ser.model.SavedModel;

/** Small models and recordings for tests that need a saved model but not a trained one. */
public final class TestModels {

    private TestModels() {
    }

    /**
     * Saves the notebook network with its seeded initial weights (no training) and the notebook's feature
     * parameters into {@code dir}: a valid model whose answers are deterministic and not uniform.
     */
    public static Path untrained(Path dir, List<String> labels, long seed) throws IOException {
        Sequential m = NotebookNetwork.compiled(seed, FeatureParams.NOTEBOOK.length(), labels.size(), 1e-3);
        JsonObject training = new JsonObject();
        training.addProperty("data", "none (untrained test model)");
        SavedModel.save(dir, m, labels, FeatureParamsJson.toJson(FeatureParams.NOTEBOOK), training, false);
        return dir;
    }

    /** Writes {@code x} as 16-bit mono PCM WAV. */
    public static Path wav(Path file, float[] x, int sampleRate) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            SyntheticCorpus.writeWav(out, x, sampleRate);
        }
        return file;
    }

    /** A voiced 180 Hz tone with five harmonics and a slow tremolo, {@code seconds} long. */
    public static float[] voice(int sampleRate, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(sampleRate * seconds)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) sampleRate;
            double f0 = 180 + 20 * Math.sin(2 * Math.PI * 1.5 * t);
            double v = 0;
            for (int h = 1; h <= 5; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * t) / h;
            }
            x[i] = (float) (amplitude * 0.5 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)));
        }
        return x;
    }
}
