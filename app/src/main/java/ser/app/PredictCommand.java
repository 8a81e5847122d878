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
import ser.features.Normalisation;
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

    @Mixin
    ModelOption model;

    @Mixin
    FeaturesOption features;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--speaker-stats", paramLabel = "FILE|DIR", description = "models trained with per-speaker normalisation:"
            + " the speaker's statistics, a JSON file written by --save-speaker-stats or a folder of that speaker's WAV files"
            + " (an enrollment); default: each recording is normalised by its own statistics")
    Path speakerStats;

    @Option(names = "--save-speaker-stats", paramLabel = "FILE", description = "write the statistics --speaker-stats DIR"
            + " computed to FILE (JSON), to enroll the speaker once")
    Path saveSpeakerStats;

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
        Predictor predictor = Predictor.load(model.dir, 1);
        if (saveSpeakerStats != null && (speakerStats == null || !Files.isDirectory(speakerStats))) {
            throw new UserError("--save-speaker-stats needs --speaker-stats DIR, the folder of the speaker's recordings");
        }
        RecipeInputs recipe = predictor.recipeInputs();
        if (recipe != null && !features.given()) {
            Normalisation.Stats stats = speakerStats == null && recipe.scope != Normalisation.Scope.SPEAKER ? null
                    : recipe.speakerStats(speakerStats, spec.commandLine().getErr()::println);
            if (stats != null) {
                predictor = predictor.withSpeakerStats(stats);
                if (saveSpeakerStats != null) {
                    SpeakerStatsFile.write(saveSpeakerStats, stats, recipe.frames, speakerStats);
                    spec.commandLine().getErr().println("wrote the speaker's statistics to " + saveSpeakerStats);
                }
            }
        } else if (speakerStats != null) {
            throw new UserError("--speaker-stats: " + model.dir + " takes "
                    + (recipe == null ? "the notebook's feature vector, which is not normalised" : "--features vectors as given"));
        }
        List<String> labels = predictor.labels();
        List<String> inputs = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        List<Predictor.Prediction> predictions = new ArrayList<>();
        if (features.given()) {
            int length = predictor.inputLength();
            FeatureArrays f = FeatureArrays.of(features.file, Npz.readAny(features.file), false);
            if (f.length() != length) {
                throw new UserError(features.file + ": vectors have length " + f.length() + ", the model expects " + length);
            }
            float[][] x = f.x();
            probabilities.addAll(List.of(predictor.probabilities(x)));
            for (int i = 0; i < x.length; i++) {
                inputs.add(f.names() == null ? features.file.getFileName() + "[" + i + "]" : f.names()[i]);
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
