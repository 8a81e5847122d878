package ser.app;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import ser.engine.Tensor;
import ser.features.FrameFeatures;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.model.SavedModel;

/**
 * Network inputs for a model trained with a frame-level recipe: each WAV becomes its [T][C] matrix, normalised as
 * the model's training was, from what model.json records:
 * <ul>
 *   <li>scope utterance: the clip's own statistics;</li>
 *   <li>scope global: the training statistics saved in model.json;</li>
 *   <li>scope speaker: the statistics of the speaker, from {@code --speaker-stats} (a JSON file
 *       {@code {"mean": [C values], "std": [C values]}}, or a folder of that speaker's WAV files, e.g. an enrollment
 *       recording cut into clips); without it each clip's own statistics stand in (per utterance), which the
 *       caller is told.</li>
 * </ul>
 */
final class RecipeInputs {

    final FrameParams frames;
    final Normalisation.Scope scope;
    private final JsonObject normalisation;
    private final String source;

    private RecipeInputs(FrameParams frames, JsonObject normalisation, String source) {
        this.frames = frames;
        this.normalisation = normalisation;
        this.scope = Normalisation.Scope.parse(normalisation.get("scope").getAsString());
        this.source = source;
    }

    /** The recipe inputs of a loaded model, or null when it takes the notebook's vector. */
    static RecipeInputs of(SavedModel.Loaded loaded) {
        String source = loaded.dir().resolve("model.json").toString();
        FrameParams f = Recipe.framesFromJson(loaded.featureParams(), source);
        if (f == null) {
            return null;
        }
        int[] in = loaded.model().inputShape();
        if (in.length != 2 || in[0] != f.frames() || in[1] != f.channels()) {
            throw new UserError(source + ": feature_params give " + f.frames() + " x " + f.channels()
                    + " but the network takes " + java.util.Arrays.toString(in));
        }
        JsonObject n = loaded.featureParams().has("normalisation") ? loaded.featureParams().getAsJsonObject("normalisation") : null;
        if (n == null || !n.has("scope")) {
            throw new UserError(source + ": feature_params record no normalisation scope");
        }
        return new RecipeInputs(f, n, source);
    }

    /** Raw [T][C] matrices of the files. */
    float[][] raw(List<Path> wavs) throws IOException {
        float[][] x = new float[wavs.size()][];
        for (int i = 0; i < x.length; i++) {
            if (!Files.isRegularFile(wavs.get(i))) {
                throw new UserError(wavs.get(i) + ": no such file");
            }
            x[i] = FrameFeatures.matrix(wavs.get(i), frames);
        }
        return x;
    }

    /**
     * Normalised matrices of clips that all come from one speaker (or from strangers, one clip each).
     *
     * @param speaker the speaker's statistics for scope speaker, null to fall back to each clip's own
     */
    float[][] normalise(float[][] raw, Normalisation.Stats speaker) {
        int T = frames.frames();
        int C = frames.channels();
        float[][] out = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            Normalisation.Stats s = switch (scope) {
                case NONE -> null;
                case GLOBAL -> RecipeRun.statsFromJson(normalisation.getAsJsonObject("global"), C, source);
                case SPEAKER -> speaker != null ? speaker : Normalisation.stats(List.of(raw[i]), T, C);
                case UTTERANCE -> Normalisation.stats(List.of(raw[i]), T, C);
            };
            out[i] = s == null ? raw[i].clone() : Normalisation.apply(raw[i], s, T, C);
        }
        return out;
    }

    /** --speaker-stats: a JSON file of statistics, or a folder whose WAV files give them. */
    Normalisation.Stats speakerStats(Path given, Consumer<String> note) throws IOException {
        if (given == null) {
            if (scope == Normalisation.Scope.SPEAKER) {
                note.accept("note: this model was trained with per-speaker normalisation; without --speaker-stats each"
                        + " clip is normalised by its own statistics (per utterance), which is less accurate");
            }
            return null;
        }
        if (scope != Normalisation.Scope.SPEAKER) {
            throw new UserError("--speaker-stats: this model normalises per " + scope.id() + ", not per speaker");
        }
        if (Files.isDirectory(given)) {
            List<Path> wavs;
            try (Stream<Path> s = Files.list(given)) {
                wavs = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList();
            }
            if (wavs.isEmpty()) {
                throw new UserError("--speaker-stats " + given + ": the folder holds no .wav files of the speaker");
            }
            return Normalisation.stats(List.of(raw(new ArrayList<>(wavs))), frames.frames(), frames.channels());
        }
        if (!Files.isRegularFile(given)) {
            throw new UserError("--speaker-stats " + given + ": no such file or folder");
        }
        return SpeakerStatsFile.read(given, frames);
    }

    Tensor tensor(float[][] x) {
        return RecipeRun.stack(List.of(x), frames.frames(), frames.channels());
    }
}
