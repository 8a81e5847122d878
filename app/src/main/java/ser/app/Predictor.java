package ser.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.features.Audio;
import ser.features.AudioFormatException;
import ser.features.FeatureParams;
import ser.features.FrameFeatures;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.features.Features;
import ser.features.dsp.Resampler;
import ser.features.wav.ByteArrayChannel;
import ser.model.SavedModel;

/**
 * A saved model ready to predict one recording at a time; {@code predict} and {@code serve} both go through it, so
 * the same WAV gives the same numbers on the command line and over HTTP. For a recording it
 * <ol>
 *   <li>reads the window the model was trained on ({@code offset}, {@code duration} of the saved feature
 *       parameters, e.g. 3 s from 0.5 s) at the file's rate, channels averaged ({@link Audio#loadNative});</li>
 *   <li>refuses a window whose peak is below {@link #SILENCE_DBFS};</li>
 *   <li>resamples it to the model's rate and computes the feature vector ({@link Features#vector(float[],
 *       FeatureParams)}, bit for bit what {@code Features.vector(path, params)} gives), or for a model trained with
 *       a frame-level recipe the [T][C] matrix ({@link FrameFeatures#matrix(float[], FrameParams)}) normalised as
 *       {@link RecipeInputs} says: by the enrolled speaker's statistics when {@link #withSpeakerStats} gave them,
 *       else by the clip's own (per utterance: one file says nothing about its speaker);</li>
 *   <li>runs the network on that one vector (batch 1, inference mode).</li>
 * </ol>
 *
 * <p>Thread-safe. Steps 1-3 run on the caller's thread. A {@link Sequential} keeps per-layer buffers and is not
 * thread-safe, so step 4 borrows one of {@code copies} independent copies of the model (loaded separately from the
 * same folder) and waits while all of them are busy.
 */
public final class Predictor {

    /** Peak level (dB relative to full scale) under which a window counts as silent: about 10 steps of 16-bit PCM. */
    public static final double SILENCE_DBFS = -70.0;

    private final Path dir;
    private final List<String> labels;
    private final FeatureParams params;
    private final JsonObject featureParamsJson;
    private final JsonObject training;
    private final int[] inputShape;
    private final String summary;
    private final int copies;
    private final BlockingQueue<Sequential> idle;
    private final RecipeInputs recipe;                 // null for the notebook's vector
    private final Normalisation.Stats speakerStats;    // the enrolled speaker's, or null

    private Predictor(List<SavedModel.Loaded> loaded) {
        this(loaded, loaded.get(0).featureParams() != null && loaded.get(0).featureParams().has("frames_kind")
                ? RecipeInputs.of(loaded.get(0)) : null, null);
    }

    private Predictor(List<SavedModel.Loaded> loaded, RecipeInputs recipe, Normalisation.Stats speakerStats) {
        this.recipe = recipe;
        this.speakerStats = speakerStats;
        SavedModel.Loaded first = loaded.get(0);
        this.dir = first.dir();
        this.labels = List.copyOf(first.labels());
        this.featureParamsJson = first.featureParams() == null ? new JsonObject() : first.featureParams().deepCopy();
        this.params = featureParamsJson.has("sr")
                ? FeatureParamsJson.fromJson(featureParamsJson, dir.resolve("model.json").toString()) : null;
        this.training = first.training() == null ? new JsonObject() : first.training().deepCopy();
        this.inputShape = first.model().inputShape().clone();
        this.summary = first.model().summary();
        this.copies = loaded.size();
        this.idle = new ArrayBlockingQueue<>(copies);
        for (SavedModel.Loaded l : loaded) {
            idle.add(l.model());
        }
        this.loadedModels = List.copyOf(loaded);
    }

    private final List<SavedModel.Loaded> loadedModels;

    /**
     * The same model normalising every recording by one speaker's statistics (an enrollment): for a model trained
     * with per-speaker normalisation, what its test actors got. Refused for models of another scope.
     */
    public Predictor withSpeakerStats(Normalisation.Stats stats) {
        if (recipe == null || recipe.scope != Normalisation.Scope.SPEAKER) {
            throw new UserError("--speaker-stats: " + dir.resolve("model.json") + " does not normalise per speaker ("
                    + (recipe == null ? "it takes the notebook's feature vector" : "its scope is " + recipe.scope.id()) + ")");
        }
        if (stats.channels() != recipe.frames.channels()) {
            throw new UserError("--speaker-stats: the statistics have " + stats.channels() + " channels, the model takes "
                    + recipe.frames.channels());
        }
        if (idleCopies() != copies) {
            throw new IllegalStateException("withSpeakerStats while predictions are running");
        }
        return new Predictor(loadedModels, recipe, stats);
    }

    /** The frame-level inputs of a recipe model (features, normalisation scope), or null for the notebook's vector. */
    RecipeInputs recipeInputs() {
        return recipe;
    }

    /** The statistics a recording is normalised by: "speaker" (enrolled), "utterance", "global" or "none". */
    public String normalisationUsed() {
        if (recipe == null) {
            return "none";
        }
        return recipe.scope == Normalisation.Scope.SPEAKER ? (speakerStats != null ? "speaker" : "utterance") : recipe.scope.id();
    }

    /** True when recordings are normalised by enrolled speaker statistics rather than each clip's own. */
    public boolean enrolled() {
        return speakerStats != null;
    }

    /**
     * Loads {@code copies} copies of the model in {@code dir} (a saved model, or a {@code train --out} folder whose
     * {@code best/} is used).
     */
    public static Predictor load(Path dir, int copies) throws IOException {
        if (copies < 1) {
            throw new UserError("model copies must be >= 1, got " + copies);
        }
        List<SavedModel.Loaded> loaded = new java.util.ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            loaded.add(ModelOption.load(dir));
        }
        return new Predictor(loaded);
    }

    /** Where the window the model hears lies in the recording, and how loud it is. */
    public record Heard(int sampleRate, int channels, double fileSeconds, double windowStart, double windowEnd,
                        double peakDbfs) {
    }

    /** Milliseconds spent in each step; {@code waitMs} is the time spent waiting for a free model copy. */
    public record Timings(double decodeMs, double featuresMs, double waitMs, double inferenceMs) {
        public double totalMs() {
            return decodeMs + featuresMs + waitMs + inferenceMs;
        }
    }

    /**
     * One recording's answer.
     *
     * @param best          index of the most probable class in {@link #labels()}
     * @param probabilities softmax output, one per class, in the order of {@link #labels()}
     * @param feature       the network's input, row-major in the shape {@link #inputShape()} (the notebook's:
     *                      259 frame means, shape (259, 1))
     */
    public record Prediction(String input, String label, int best, float[] probabilities, float[] feature,
                             Heard heard, Timings timings) {
    }

    /** Predicts a WAV file. */
    public Prediction predict(Path wav) throws IOException {
        if (!Files.isRegularFile(wav)) {
            throw new NoSuchFileException(wav + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.READ)) {
            return predict(wav.toString(), ch);
        }
    }

    /** Predicts WAV bytes held in memory ({@code wav[offset, offset + length)}); {@code name} labels errors. */
    public Prediction predict(String name, byte[] wav, int offset, int length) throws IOException {
        try (ByteArrayChannel ch = new ByteArrayChannel(wav, offset, length)) {
            return predict(name, ch);
        }
    }

    /** Predicts the WAV file readable from {@code ch}; {@code name} labels errors and the answer. */
    public Prediction predict(String name, SeekableByteChannel ch) throws IOException {
        FeatureParams p = requireFeatureParams();
        Path source = Path.of(name);
        long t0 = System.nanoTime();
        Audio.Clip clip = Audio.loadNative(source, ch, p.offset(), p.duration());
        if (clip.samples().length == 0) {
            throw new AudioFormatException(source, "no audio after offset " + p.offset() + " s (the file is "
                    + seconds(clip.fileFrames() / (double) clip.sampleRate()) + " long)");
        }
        double peak = 0;
        for (float v : clip.samples()) {
            peak = Math.max(peak, Math.abs(v));
        }
        double peakDbfs = 20 * Math.log10(peak);
        double windowStart = Math.rint(clip.sampleRate() * p.offset()) / clip.sampleRate();
        Heard heard = new Heard(clip.sampleRate(), clip.channels(), clip.fileFrames() / (double) clip.sampleRate(),
                windowStart, windowStart + clip.seconds(), peakDbfs);
        if (!(peakDbfs >= SILENCE_DBFS)) {
            throw new SilentRecordingException(source, String.format(java.util.Locale.ROOT,
                    "the %s the model hears (from %s s) is silent: peak %s dBFS, below %.0f dBFS",
                    seconds(clip.seconds()), p.offset(), peak == 0 ? "-inf" : String.format(java.util.Locale.ROOT, "%.1f", peakDbfs),
                    SILENCE_DBFS));
        }
        float[] samples = clip.samples();
        if (clip.sampleRate() != p.sampleRate()) {
            try {
                samples = Resampler.resample(samples, clip.sampleRate(), p.sampleRate(), p.resType());
            } catch (IllegalArgumentException e) {
                throw new AudioFormatException(source, e.getMessage());
            }
        }
        long t1 = System.nanoTime();
        float[] feature = recipe == null ? Features.vector(samples, p)
                : recipe.normalise(new float[][] {FrameFeatures.matrix(samples, recipe.frames)}, speakerStats)[0];
        long t2 = System.nanoTime();
        Forward f = forward(feature);
        int best = argmax(f.probabilities);
        Timings timings = new Timings(ms(t1 - t0), ms(t2 - t1), f.waitMs, f.inferenceMs);
        return new Prediction(name, labels.get(best), best, f.probabilities, feature, heard, timings);
    }

    /** Class probabilities of one feature vector (length {@link #inputLength()}). */
    public float[] probabilities(float[] feature) throws InterruptedIOException {
        return forward(feature).probabilities;
    }

    /** Class probabilities of many vectors [N][inputLength()], in batches of 64 on one model copy. */
    public float[][] probabilities(float[][] x) throws InterruptedIOException {
        Sequential m = borrow();
        try {
            return m.predict(Reports.toModelInput(x, inputLength()), 64);
        } finally {
            idle.add(m);
        }
    }

    private record Forward(float[] probabilities, double waitMs, double inferenceMs) {
    }

    private Forward forward(float[] feature) throws InterruptedIOException {
        if (feature.length != inputLength()) {
            throw new UserError("feature vector has length " + feature.length + ", the model expects " + inputLength());
        }
        long t0 = System.nanoTime();
        Sequential m = borrow();
        long t1 = System.nanoTime();
        try {
            float[] p = m.predict(Tensor.of(feature.clone(), prepend(1, inputShape)), 1)[0];
            return new Forward(p, ms(t1 - t0), ms(System.nanoTime() - t1));
        } finally {
            idle.add(m);
        }
    }

    private Sequential borrow() throws InterruptedIOException {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a free model copy");
        }
    }

    private FeatureParams requireFeatureParams() {
        requireAudioModel();
        return params;
    }

    /**
     * Throws the one-line {@link UserError} that says why this model cannot predict from a recording: it was
     * trained on a {@code --features} file (no feature parameters).
     */
    public void requireAudioModel() {
        String source = dir.resolve("model.json").toString();
        if (params == null) {
            // the same one-line error FeatureParamsJson gives for a model trained on a --features file
            FeatureParamsJson.fromJson(featureParamsJson, source);
        }
    }

    // ------------------------------------------------------------------ what the model is

    /** The folder the model was loaded from. */
    public Path dir() {
        return dir;
    }

    public List<String> labels() {
        return labels;
    }

    /** The saved feature parameters, or null for a model trained on a {@code --features} file. */
    public FeatureParams featureParams() {
        return params;
    }

    /** The model's input shape without the batch axis, e.g. (259, 1). */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Values in one input: the product of {@link #inputShape()}. */
    public int inputLength() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }

    /** How many copies of the model can run at once. */
    public int copies() {
        return copies;
    }

    /** Copies not in use right now (equal to {@link #copies()} whenever no prediction is running). */
    public int idleCopies() {
        return idle.size();
    }

    /** The Keras-style summary table. */
    public String summary() {
        return summary;
    }

    /** The "training" object of model.json: data, protocol, epochs, ... as recorded by {@code train}. */
    public JsonObject training() {
        return training.deepCopy();
    }

    /** The "feature_params" object of model.json (librosa's argument names). */
    public JsonObject featureParamsJson() {
        return featureParamsJson.deepCopy();
    }

    // ------------------------------------------------------------------ JSON

    /**
     * The answer as {@code predict --json} prints it and {@code POST /api/predict} returns it: input, label,
     * probabilities (class name to probability, in class order), feature_params, audio (where the window lies in
     * the file, its peak level), timings_ms and, with {@code withFeature}, the feature itself (shape and values).
     */
    public JsonObject toJson(Prediction p, boolean withFeature) {
        JsonObject r = new JsonObject();
        r.addProperty("input", p.input());
        r.addProperty("label", p.label());
        JsonObject probs = new JsonObject();
        for (int c = 0; c < labels.size(); c++) {
            probs.addProperty(labels.get(c), p.probabilities()[c]);
        }
        r.add("probabilities", probs);
        r.add("feature_params", featureParamsJson());
        if (recipe != null) {            // what the matrix was normalised by
            r.addProperty("normalisation", normalisationUsed());
        }
        JsonObject a = new JsonObject();
        a.addProperty("sample_rate", p.heard().sampleRate());
        a.addProperty("channels", p.heard().channels());
        a.addProperty("seconds", p.heard().fileSeconds());
        a.addProperty("window_start_s", p.heard().windowStart());
        a.addProperty("window_end_s", p.heard().windowEnd());
        a.addProperty("peak_dbfs", round(p.heard().peakDbfs(), 2));
        r.add("audio", a);
        JsonObject t = new JsonObject();
        t.addProperty("decode", round(p.timings().decodeMs(), 3));
        t.addProperty("features", round(p.timings().featuresMs(), 3));
        t.addProperty("wait", round(p.timings().waitMs(), 3));
        t.addProperty("inference", round(p.timings().inferenceMs(), 3));
        t.addProperty("total", round(p.timings().totalMs(), 3));
        r.add("timings_ms", t);
        if (withFeature) {
            JsonObject f = new JsonObject();
            JsonArray shape = new JsonArray();
            for (int d : inputShape) {
                shape.add(d);
            }
            f.add("shape", shape);
            JsonArray values = new JsonArray();
            for (float v : p.feature()) {
                values.add(v);
            }
            f.add("values", values);
            r.add("feature", f);
        }
        return r;
    }

    // ------------------------------------------------------------------ helpers

    /** The most probable class; an output holding NaN or an infinity is refused ({@link Reports#argmax}). */
    static int argmax(float[] p) {
        return Reports.argmax(new float[][] {p})[0];
    }

    private static int[] prepend(int first, int[] rest) {
        int[] s = new int[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.2f s", s);
    }
}
