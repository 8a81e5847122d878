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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.model.SavedModel;
import ser.model.io.Npz;

/** The emotion of each recording (or feature vector): the most probable label and every class probability. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the emotion of WAV files, or of feature vectors in a .npy/.npz file.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    FeaturesOption features;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Parameters(paramLabel = "FILE.wav", arity = "0..*", description = "recordings (16/24/32-bit PCM or float WAV)")
    List<Path> wavs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (!features.given() && wavs.isEmpty()) {
            throw new UserError("give WAV files or --features FILE");
        }
        if (features.given() && !wavs.isEmpty()) {
            throw new UserError("give either WAV files or --features, not both");
        }
        SavedModel.Loaded loaded = model.load();
        int length = loaded.model().inputShape()[0];
        List<String> inputs = new ArrayList<>();
        float[][] x;
        if (features.given()) {
            FeatureArrays f = FeatureArrays.of(features.file, Npz.readAny(features.file), false);
            if (f.length() != length) {
                throw new UserError(features.file + ": vectors have length " + f.length() + ", the model expects " + length);
            }
            x = f.x();
            for (int i = 0; i < x.length; i++) {
                inputs.add(f.names() == null ? features.file.getFileName() + "[" + i + "]" : f.names()[i]);
            }
        } else {
            FeatureParams params = FeatureParamsJson.fromJson(loaded.featureParams(), loaded.dir().resolve("model.json").toString());
            x = new float[wavs.size()][];
            for (int i = 0; i < wavs.size(); i++) {
                Path w = wavs.get(i);
                if (!Files.isRegularFile(w)) {
                    throw new UserError(w + ": no such file");
                }
                x[i] = Features.vector(w, params);
                inputs.add(w.toString());
            }
        }
        float[][] p = loaded.model().predict(Reports.toModelInput(x, length), 64);
        int[] best = Reports.argmax(p);
        List<String> labels = loaded.labels();
        if (json) {
            JsonArray arr = new JsonArray();
            for (int i = 0; i < p.length; i++) {
                JsonObject r = new JsonObject();
                r.addProperty("input", inputs.get(i));
                r.addProperty("label", labels.get(best[i]));
                JsonObject probs = new JsonObject();
                for (int c = 0; c < labels.size(); c++) {
                    probs.addProperty(labels.get(c), p[i][c]);
                }
                r.add("probabilities", probs);
                arr.add(r);
            }
            o.println(new GsonBuilder().setPrettyPrinting().create().toJson(arr));
        } else {
            for (int i = 0; i < p.length; i++) {
                StringBuilder sb = new StringBuilder(inputs.get(i)).append(": ").append(labels.get(best[i]));
                sb.append("  (");
                for (int c = 0; c < labels.size(); c++) {
                    sb.append(c > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %.3f", labels.get(c), p[i][c]));
                }
                o.println(sb.append(')'));
            }
        }
        o.flush();
        return 0;
    }
}
