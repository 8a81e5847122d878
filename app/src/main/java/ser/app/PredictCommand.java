package ser.app;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.model.io.Npz;

/**
 * The emotion of each recording (or feature vector): the most probable label and every class probability. WAV
 * files go one at a time through {@link Predictor}, the code {@code serve} uses, so both print the same numbers.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the emotion of WAV files, or of feature vectors in a .npy/.npz file.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", required = true, description = "saved model (or a train --out folder)")
    Path model;

    @Option(names = "--features", paramLabel = "FILE", description = ".npy (L,) or (N, L), or .npz with x (N, L) and optional names")
    Path features;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Parameters(paramLabel = "FILE.wav", arity = "0..*", description = "recordings (16/24/32-bit PCM or float WAV)")
    List<Path> wavs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (features == null && wavs.isEmpty()) {
            throw new UserError("give WAV files or --features FILE");
        }
        if (features != null && !wavs.isEmpty()) {
            throw new UserError("give either WAV files or --features, not both");
        }
        Predictor predictor = Predictor.load(model, 1);
        List<String> labels = predictor.labels();
        List<String> inputs = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        List<Predictor.Prediction> predictions = new ArrayList<>();
        if (features != null) {
            int length = predictor.inputLength();
            FeatureArrays f = FeatureArrays.of(features, Npz.readAny(features), false);
            if (f.length() != length) {
                throw new UserError(features + ": vectors have length " + f.length() + ", the model expects " + length);
            }
            float[][] x = f.x();
            probabilities.addAll(List.of(predictor.probabilities(x)));
            for (int i = 0; i < x.length; i++) {
                inputs.add(f.names() == null ? features.getFileName() + "[" + i + "]" : f.names()[i]);
            }
        } else {
            // one file at a time, as `serve` does, so both give the same numbers for the same file
            for (Path w : wavs) {
                if (!Files.isRegularFile(w)) {
                    throw new UserError(w + ": no such file");
                }
                Predictor.Prediction p = predictor.predict(w);
                predictions.add(p);
                inputs.add(p.input());
                probabilities.add(p.probabilities());
            }
        }
        if (json) {
            JsonArray arr = new JsonArray();
            for (int i = 0; i < inputs.size(); i++) {
                if (!predictions.isEmpty()) {
                    arr.add(predictor.toJson(predictions.get(i), false));
                    continue;
                }
                float[] p = probabilities.get(i);
                JsonObject r = new JsonObject();
                r.addProperty("input", inputs.get(i));
                r.addProperty("label", labels.get(Predictor.argmax(p)));
                JsonObject probs = new JsonObject();
                for (int c = 0; c < labels.size(); c++) {
                    probs.addProperty(labels.get(c), p[c]);
                }
                r.add("probabilities", probs);
                arr.add(r);
            }
            o.println(new GsonBuilder().setPrettyPrinting().create().toJson(arr));
        } else {
            for (int i = 0; i < inputs.size(); i++) {
                float[] p = probabilities.get(i);
                StringBuilder sb = new StringBuilder(inputs.get(i)).append(": ").append(labels.get(Predictor.argmax(p)));
                sb.append("  (");
                for (int c = 0; c < labels.size(); c++) {
                    sb.append(c > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %.3f", labels.get(c), p[c]));
                }
                o.println(sb.append(')'));
            }
        }
        o.flush();
        return 0;
    }
}
