package ser.app;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import ser.app.report.CsvLogger;
import ser.app.report.EpochPrinter;
import ser.app.report.Metrics;
import ser.app.report.Plots;
import ser.data.ActorFolds;
import ser.data.FeatureCache;
import ser.data.FrameExtraction;
import ser.data.LabelSet;
import ser.data.RavdessFile;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.optim.Adam;
import ser.engine.train.Callback;
import ser.engine.train.FitSettings;
import ser.engine.train.ReduceLROnPlateau;
import ser.engine.train.TerminateOnNaN;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.features.SpecAugment;
import ser.model.ModelCheckpoint;
import ser.model.SavedModel;
import ser.model.recipe.SpeakerIndependentNetwork;

/**
 * Trains and scores one actor-disjoint fold of a {@link Recipe}: the test actors' clips are never seen in
 * training or checkpoint choice (the validation actors come from the training side), SpecAugment touches only
 * the training clips, and normalisation statistics come from the scope the recipe names (per speaker: each actor's
 * own unlabelled clips, test actors included; global: the training actors' clips only).
 */
final class RecipeRun {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Every kept recording with its class and raw [T][C] matrix, extracted once for all folds. */
    record Prepared(List<RavdessFile> files, int[] labels, float[][] raw, List<String> classNames, FrameParams frames,
                    LabelSet labelSet, double[] speed, float[][][] speedRaw) {
        TreeSet<Integer> actors() {
            TreeSet<Integer> a = new TreeSet<>();
            files.forEach(f -> a.add(f.actor()));
            return a;
        }
    }

    /** A fold's scores on its test actors, with the probabilities they came from ([clip][class]). */
    record Result(ActorFolds.Fold fold, Metrics metrics, double minutes, int bestEpoch, float[][] probabilities,
                  int[] actual, List<String> names) {
    }

    private RecipeRun() {
    }

    static Prepared prepare(List<RavdessFile> all, LabelSet labels, FrameParams frames, Path cache, int threads,
                            PrintWriter o) throws IOException {
        return prepare(all, labels, frames, new double[0], cache, threads, o);
    }

    /** As above, and each recording's matrix once per speed factor (played that much faster), cached too. */
    static Prepared prepare(List<RavdessFile> all, LabelSet labels, FrameParams frames, double[] speed, Path cache,
                            int threads, PrintWriter o) throws IOException {
        List<RavdessFile> kept = labels.keep(all);
        if (kept.isEmpty()) {
            throw new UserError("no recordings left after --labels " + labels.groups() + " --gender "
                    + labels.gender().name().toLowerCase(Locale.ROOT));
        }
        List<Path> paths = new ArrayList<>();
        kept.forEach(f -> paths.add(f.path()));
        long t0 = System.nanoTime();
        FeatureCache fc = cache == null ? null : new FeatureCache(cache, frames.key());
        float[][] raw = new FrameExtraction(frames, fc, threads).extract(paths, done -> { });
        o.printf(Locale.ROOT, "features: %d recordings, %s, ready in %.1f s%s%n", kept.size(), frames.describe(),
                (System.nanoTime() - t0) / 1e9, fc == null ? "" : " (cache " + fc.hits() + " hits, " + fc.misses() + " computed)");
        float[][][] speedRaw = new float[speed.length][][];
        for (int k = 0; k < speed.length; k++) {
            long t1 = System.nanoTime();
            FeatureCache sc = cache == null ? null : new FeatureCache(cache, frames.key());
            speedRaw[k] = new FrameExtraction(frames, sc, threads, speed[k]).extract(paths, done -> { });
            o.printf(Locale.ROOT, "features played x%s faster: ready in %.1f s%n", speed[k], (System.nanoTime() - t1) / 1e9);
        }
        int[] y = kept.stream().mapToInt(labels::index).toArray();
        return new Prepared(kept, y, raw, labels.names(), frames, labels, speed.clone(), speedRaw);
    }

    /** Normalised copies of every clip for this fold; also returns the statistics to save with the model. */
    static float[][] normalise(Prepared p, Normalisation.Scope scope, ActorFolds.Fold fold, JsonObject statsOut) {
        Normalisation.Stats[] perClip = clipStats(p, scope, fold, statsOut);
        float[][] out = new float[p.raw().length][];
        for (int i = 0; i < out.length; i++) out[i] = normaliseLike(p, scope, perClip, i, p.raw()[i]);
        return out;
    }

    /**
     * The statistics clip i is normalised by (null for scope none; for scope utterance the clip's own, computed
     * by {@link #normaliseLike}); records the ones to save in statsOut.
     */
    static Normalisation.Stats[] clipStats(Prepared p, Normalisation.Scope scope, ActorFolds.Fold fold, JsonObject statsOut) {
        int T = p.frames().frames();
        int C = p.frames().channels();
        Normalisation.Stats[] out = new Normalisation.Stats[p.raw().length];
        switch (scope) {
            case NONE, UTTERANCE -> { }
            case GLOBAL -> {
                List<float[]> train = new ArrayList<>();
                for (int i = 0; i < out.length; i++) {
                    if (fold.train().contains(p.files().get(i).actor())) train.add(p.raw()[i]);
                }
                Normalisation.Stats s = Normalisation.stats(train, T, C);
                statsOut.add("global", statsJson(s));
                java.util.Arrays.fill(out, s);
            }
            case SPEAKER -> {
                Map<Integer, List<float[]>> byActor = new TreeMap<>();
                for (int i = 0; i < out.length; i++) {
                    byActor.computeIfAbsent(p.files().get(i).actor(), a -> new ArrayList<>()).add(p.raw()[i]);
                }
                Map<Integer, Normalisation.Stats> stats = new TreeMap<>();
                JsonObject per = new JsonObject();
                for (Map.Entry<Integer, List<float[]>> e : byActor.entrySet()) {
                    Normalisation.Stats s = Normalisation.stats(e.getValue(), T, C);
                    stats.put(e.getKey(), s);
                    per.add(String.format(Locale.ROOT, "actor_%02d", e.getKey()), statsJson(s));
                }
                statsOut.add("speakers", per);
                for (int i = 0; i < out.length; i++) out[i] = stats.get(p.files().get(i).actor());
            }
            default -> throw new IllegalStateException(scope.toString());
        }
        statsOut.addProperty("scope", scope.id());
        return out;
    }

    /**
     * m (clip i, or a speed-perturbed version of it) normalised as clip i is: by its speaker's or the training
     * statistics, or per utterance by m's own.
     */
    static float[] normaliseLike(Prepared p, Normalisation.Scope scope, Normalisation.Stats[] perClip, int i, float[] m) {
        int T = p.frames().frames();
        int C = p.frames().channels();
        return switch (scope) {
            case NONE -> m.clone();
            case UTTERANCE -> Normalisation.apply(m, Normalisation.stats(List.of(m), T, C), T, C);
            default -> Normalisation.apply(m, perClip[i], T, C);
        };
    }

    static JsonObject statsJson(Normalisation.Stats s) {
        JsonObject o = new JsonObject();
        o.add("mean", GSON.toJsonTree(s.mean()));
        o.add("std", GSON.toJsonTree(s.std()));
        return o;
    }

    static Normalisation.Stats statsFromJson(JsonObject o, int channels, String source) {
        try {
            float[] mean = GSON.fromJson(o.get("mean"), float[].class);
            float[] std = GSON.fromJson(o.get("std"), float[].class);
            if (mean == null || std == null || mean.length != channels || std.length != channels) {
                throw new UserError(source + ": speaker statistics must hold 'mean' and 'std' of " + channels
                        + " values each (the model's channels), got " + (mean == null ? "none" : mean.length) + " and "
                        + (std == null ? "none" : std.length));
            }
            for (float v : std) {
                if (!(v > 0) || !Float.isFinite(v)) {
                    throw new UserError(source + ": speaker statistics 'std' must be finite and > 0");
                }
            }
            return new Normalisation.Stats(mean, std);
        } catch (RuntimeException e) {
            if (e instanceof UserError u) throw u;
            throw new UserError(source + ": speaker statistics are not {\"mean\": [...], \"std\": [...]} (" + Main.oneLine(e) + ")");
        }
    }

    /**
     * Rewrites the training tensor at the start of every epoch: each clip is its pristine matrix, or with speed
     * perturbation one of its versions (original or played at each factor, drawn uniformly), with fresh SpecAugment
     * masks. Both draws come from a generator seeded by (seed, epoch, clip), so a rerun or a resumed run sees the
     * same clips.
     */
    static final class AugmentEachEpoch implements Callback {
        private final Tensor x;
        private final float[] pristine;
        private final float[][] speedVersions;    // [factor][N * T * C], normalised like the originals
        private final SpecAugment augment;
        private final int frames;
        private final int channels;
        private final int blocks;
        private final long seed;

        AugmentEachEpoch(Tensor x, float[][] speedVersions, SpecAugment augment, int frames, int channels, int blocks, long seed) {
            this.x = x;
            this.pristine = x.data().clone();
            this.speedVersions = speedVersions;
            this.augment = augment;
            this.frames = frames;
            this.channels = channels;
            this.blocks = blocks;
            this.seed = seed;
        }

        @Override
        public void onEpochBegin(int epoch) {
            float[] d = x.data();
            int n = frames * channels;
            float[] clip = new float[n];
            for (int i = 0; i < x.dim(0); i++) {
                SplittableRandom rng = new SplittableRandom(Rng.hash(seed, epoch, i));
                int v = speedVersions.length == 0 ? 0 : rng.nextInt(speedVersions.length + 1);
                System.arraycopy(v == 0 ? pristine : speedVersions[v - 1], i * n, clip, 0, n);
                if (augment.enabled()) {
                    augment.apply(clip, frames, channels, blocks, rng);
                }
                System.arraycopy(clip, 0, d, i * n, n);
            }
        }
    }

    static Tensor stack(List<float[]> rows, int T, int C) {
        float[] flat = new float[rows.size() * T * C];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, flat, i * T * C, T * C);
        return Tensor.of(flat, rows.size(), T, C);
    }

    /** Trains fold on p with recipe r, saves the best model into outDir/best and scores the test actors. */
    static Result train(Prepared p, ActorFolds.Fold fold, Recipe r, long seed, Path outDir, PrintWriter o) throws IOException {
        return train(p, fold, r, seed, outDir, o, false, null);
    }

    /**
     * A run to continue: the model of outDir/last (weights, Adam's moments and iteration count) and its training
     * state (epochs done, best val_loss, the plateau's counters, the log's rows).
     */
    record Resume(Sequential model, List<String> labels, JsonObject state, int bestEpoch) {
        int epochsDone() {
            return state.get("epoch").getAsInt();
        }
    }

    /**
     * As above; with saveLast also outDir/last after every epoch, with the optimiser's state, so that
     * {@code train --resume} can continue; with resume, continues that run from its last complete epoch.
     */
    static Result train(Prepared p, ActorFolds.Fold fold, Recipe r, long seed, Path outDir, PrintWriter o,
                        boolean saveLast, Resume resume) throws IOException {
        int T = p.frames().frames();
        int C = p.frames().channels();
        JsonObject stats = new JsonObject();
        Normalisation.Stats[] perClip = clipStats(p, r.norm(), fold, stats);
        float[][] x = new float[p.raw().length][];
        for (int i = 0; i < x.length; i++) x[i] = normaliseLike(p, r.norm(), perClip, i, p.raw()[i]);
        if (p.speed().length != r.speed().length) {
            throw new IllegalStateException("features were prepared for speed factors " + java.util.Arrays.toString(p.speed()));
        }
        List<Integer> trainIndex = new ArrayList<>();
        List<float[]> xTr = new ArrayList<>(), xVa = new ArrayList<>(), xTe = new ArrayList<>();
        List<Integer> yTr = new ArrayList<>(), yVa = new ArrayList<>(), yTe = new ArrayList<>();
        List<String> teNames = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            int actor = p.files().get(i).actor();
            if (fold.test().contains(actor)) {
                xTe.add(x[i]);
                yTe.add(p.labels()[i]);
                teNames.add(p.files().get(i).name());
            } else if (fold.validation().contains(actor)) {
                xVa.add(x[i]);
                yVa.add(p.labels()[i]);
            } else if (fold.train().contains(actor)) {
                xTr.add(x[i]);
                yTr.add(p.labels()[i]);
                trainIndex.add(i);
            }
        }
        checkClasses(fold, p.classNames(), yTr, "training");
        checkClasses(fold, p.classNames(), yVa, "validation");
        checkClasses(fold, p.classNames(), yTe, "test");
        o.printf("fold %d: test actors %s, validation actors %s (from the training side), training actors %s; "
                        + "train %d, validation %d, test %d clips%n", fold.index(), fold.test(), fold.validation(),
                fold.train(), xTr.size(), xVa.size(), xTe.size());
        Tensor tTr = stack(xTr, T, C);
        Tensor tVa = stack(xVa, T, C);
        int[] yTrain = yTr.stream().mapToInt(Integer::intValue).toArray();
        int[] yVal = yVa.stream().mapToInt(Integer::intValue).toArray();

        Sequential model;
        if (resume != null) {
            model = resume.model();
        } else {
            model = SpeakerIndependentNetwork.build(seed, T, C, p.classNames().size(), r.network());
            model.compile(new Adam(r.lr()));
        }
        Files.createDirectories(outDir);
        JsonObject featureJson = Recipe.framesJson(p.frames());
        featureJson.add("normalisation", stats);
        JsonObject training = new JsonObject();
        training.add("recipe", r.toJson());
        training.addProperty("fold", fold.index());
        training.addProperty("label_groups", p.labelSet().groups());
        training.addProperty("gender", p.labelSet().gender().name().toLowerCase(Locale.ROOT));
        training.addProperty("gender_prefix", p.labelSet().genderPrefix());
        training.add("test_actors", GSON.toJsonTree(fold.test()));
        training.add("val_actors", GSON.toJsonTree(fold.validation()));
        training.add("train_actors", GSON.toJsonTree(fold.train()));
        training.addProperty("seed", seed);
        Path bestDir = outDir.resolve("best");
        int[] bestEpoch = {resume == null ? 0 : resume.bestEpoch()};
        List<String> csvRows = new ArrayList<>();     // the log's rows so far, kept in every last/ checkpoint
        if (resume != null && resume.state().has("csv_rows")) {
            resume.state().getAsJsonArray("csv_rows").forEach(row -> csvRows.add(row.getAsString()));
        }
        ModelCheckpoint best = new ModelCheckpoint(model, bestDir, "val_loss", true, false, p.classNames(), featureJson,
                (done, b) -> {
                    bestEpoch[0] = done;
                    JsonObject s = training.deepCopy();
                    s.addProperty("epoch", done);
                    s.addProperty("best_val_loss", b);
                    return s;
                }, s -> { });
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss", r.plateau()[0], (int) r.plateau()[1], r.plateau()[2], 1e-4, 0, o::println);
        int initialEpoch = 0;
        if (resume != null) {
            JsonObject st = resume.state();
            initialEpoch = resume.epochsDone();
            best.setBest(st.has("best_val_loss") ? st.get("best_val_loss").getAsDouble() : Double.POSITIVE_INFINITY);
            JsonObject pl = st.has("reduce_lr_on_plateau") ? st.getAsJsonObject("reduce_lr_on_plateau") : new JsonObject();
            plateau.restore(pl.has("best") ? pl.get("best").getAsDouble() : Double.POSITIVE_INFINITY,
                    pl.has("wait") ? pl.get("wait").getAsInt() : 0, pl.has("cooldown") ? pl.get("cooldown").getAsInt() : 0);
            o.printf(Locale.ROOT, "resuming %s at epoch %d (lr %.4g, best val_loss %.5f at epoch %d)%n", outDir,
                    initialEpoch + 1, model.optimizer().lr(), best.best(), bestEpoch[0]);
        }
        List<Callback> callbacks = new ArrayList<>();
        TerminateOnNaN nan = new TerminateOnNaN(o::println);
        callbacks.add(nan);
        if (r.augment().enabled() || r.speed().length > 0) {
            float[][] versions = new float[r.speed().length][];
            for (int k = 0; k < versions.length; k++) {     // only training clips are perturbed
                List<float[]> v = new ArrayList<>();
                for (int i : trainIndex) v.add(normaliseLike(p, r.norm(), perClip, i, p.speedRaw()[k][i]));
                versions[k] = stack(v, T, C).data();
            }
            callbacks.add(new AugmentEachEpoch(tTr, versions, r.augment(), T, C, 1 + p.frames().deltas(),
                    Rng.hash(seed, 0x5A, fold.index())));
        }
        callbacks.add(plateau);
        callbacks.add(new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                csvRows.add(CsvLogger.row(epoch, logs));
            }
        });
        callbacks.add(best);
        if (saveLast) {
            callbacks.add(new ModelCheckpoint(model, outDir.resolve("last"), "val_loss", false, true, p.classNames(), featureJson,
                    (done, b) -> {
                        JsonObject s = training.deepCopy();
                        s.addProperty("epoch", done);
                        if (Double.isFinite(best.best())) s.addProperty("best_val_loss", best.best());
                        s.addProperty("best_epoch", bestEpoch[0]);
                        JsonObject pl = new JsonObject();
                        if (Double.isFinite(plateau.best())) pl.addProperty("best", plateau.best());
                        pl.addProperty("wait", plateau.waitCount());
                        pl.addProperty("cooldown", plateau.cooldownCounter());
                        s.add("reduce_lr_on_plateau", pl);
                        JsonArray rows = new JsonArray();
                        csvRows.forEach(rows::add);
                        s.add("csv_rows", rows);
                        return s;
                    }, s -> { }));
        }
        callbacks.add(resume != null ? new CsvLogger(outDir.resolve("training.csv"), new ArrayList<>(csvRows))
                : new CsvLogger(outDir.resolve("training.csv"), 0));
        callbacks.add(new EpochPrinter(o, null, r.epochs(), xTr.size()));
        long t0 = System.nanoTime();
        model.fit(tTr, yTrain, FitSettings.builder().epochs(r.epochs()).batchSize(r.batch()).initialEpoch(initialEpoch)
                .validationData(tVa, yVal).callbacks(callbacks).build());
        double minutes = (System.nanoTime() - t0) / 60e9;
        if (nan.message() != null) {
            throw new UserError("fold " + fold.index() + ": training stopped: " + nan.message());
        }
        Plots.curves(outDir.resolve("curves.png"), CsvLogger.read(outDir.resolve("training.csv")));
        Sequential bestModel = SavedModel.load(bestDir).model();
        float[][] probs = bestModel.predict(stack(xTe, T, C), 64);
        int[] actual = yTe.stream().mapToInt(Integer::intValue).toArray();
        String title = String.format(Locale.ROOT, "fold %d, test actors %s (%d clips), best model (epoch %d)", fold.index(),
                fold.test(), actual.length, bestEpoch[0]);
        Metrics m = score(fold, p.classNames(), probs, actual, teNames, outDir, title);
        o.printf(Locale.ROOT, "fold %d: accuracy %.4f, UA %.4f, macro F1 %.4f on actors %s (%.1f min, best epoch %d)%n",
                fold.index(), m.accuracy(), m.unweightedAverageRecall(), m.macroF1(), fold.test(), minutes, bestEpoch[0]);
        o.flush();
        return new Result(fold, m, minutes, bestEpoch[0], probs, actual, List.copyOf(teNames));
    }

    /**
     * One fold scored by the mean of several models' probabilities (the same fold trained with other seeds):
     * p[i][c] = (1/M) sum_m p_m[i][c]. The report goes to outDir; minutes are the members' total.
     */
    static Result ensemble(List<Result> members, List<String> classNames, Path outDir, PrintWriter o) throws IOException {
        Result first = members.get(0);
        int n = first.actual().length;
        int k = classNames.size();
        float[][] mean = new float[n][k];
        double minutes = 0;
        for (Result r : members) {
            if (!r.names().equals(first.names())) {
                throw new IllegalStateException("ensemble members scored other clips");
            }
            for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) mean[i][c] += r.probabilities()[i][c] / members.size();
            minutes += r.minutes();
        }
        ActorFolds.Fold fold = first.fold();
        String title = String.format(Locale.ROOT, "fold %d, test actors %s (%d clips), mean of %d models' probabilities",
                fold.index(), fold.test(), n, members.size());
        Metrics m = score(fold, classNames, mean, first.actual(), first.names(), outDir, title);
        o.printf(Locale.ROOT, "fold %d ensemble of %d: accuracy %.4f, UA %.4f, macro F1 %.4f on actors %s%n", fold.index(),
                members.size(), m.accuracy(), m.unweightedAverageRecall(), m.macroF1(), fold.test());
        o.flush();
        return new Result(fold, m, minutes, -1, mean, first.actual(), first.names());
    }

    /** Metrics of the probabilities; writes test-report.txt, test-confusion.png and test-predictions.csv. */
    private static Metrics score(ActorFolds.Fold fold, List<String> classNames, float[][] probs, int[] actual,
                                 List<String> names, Path outDir, String title) throws IOException {
        int[] predicted = Reports.argmax(probs);
        Metrics m = new Metrics(classNames, actual, predicted);
        Files.createDirectories(outDir);
        ser.model.io.AtomicFile.writeString(outDir.resolve("test-report.txt"), title + "\n\n" + m.report());
        Plots.confusionHeatmap(outDir.resolve("test-confusion.png"), classNames, m.confusion,
                String.format(Locale.ROOT, "fold %d, actors %s: UA %.3f", fold.index(), fold.test(), m.unweightedAverageRecall()));
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("name,actual,predicted");
        for (String c : classNames) header.append(",p_").append(c);
        lines.add(header.toString());
        for (int i = 0; i < actual.length; i++) {
            StringBuilder row = new StringBuilder(names.get(i) + "," + classNames.get(actual[i]) + "," + classNames.get(predicted[i]));
            for (float v : probs[i]) row.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            lines.add(row.toString());
        }
        ser.model.io.AtomicFile.writeString(outDir.resolve("test-predictions.csv"), String.join("\n", lines) + "\n");
        return m;
    }

    /** A fold whose split lacks a class cannot be trained or scored fairly: one line naming both. */
    private static void checkClasses(ActorFolds.Fold fold, List<String> classNames, List<Integer> y, String side) {
        int[] count = new int[classNames.size()];
        y.forEach(c -> count[c]++);
        for (int c = 0; c < count.length; c++) {
            if (count[c] == 0) {
                List<Integer> actors = side.equals("test") ? fold.test() : side.equals("validation") ? fold.validation() : fold.train();
                throw new UserError("fold " + fold.index() + ": class '" + classNames.get(c) + "' has no " + side
                        + " recordings (actors " + actors + "); choose other --folds or --labels");
            }
        }
    }

    /** Mean and sample standard deviation (n - 1), as reported for k folds. */
    static double[] meanStd(double[] v) {
        double mean = 0;
        for (double x : v) mean += x / v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return new double[] {mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0};
    }

    static JsonObject resultJson(Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("fold", r.fold().index());
        o.add("test_actors", GSON.toJsonTree(r.fold().test()));
        o.add("val_actors", GSON.toJsonTree(r.fold().validation()));
        o.addProperty("accuracy", r.metrics().accuracy());
        o.addProperty("ua", r.metrics().unweightedAverageRecall());
        o.addProperty("macro_f1", r.metrics().macroF1());
        o.addProperty("minutes", r.minutes());
        o.addProperty("best_epoch", r.bestEpoch());
        o.add("confusion", GSON.toJsonTree(r.metrics().confusion));
        return o;
    }

    static Map<String, double[]> summary(List<Result> results) {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("accuracy", meanStd(results.stream().mapToDouble(r -> r.metrics().accuracy()).toArray()));
        s.put("ua", meanStd(results.stream().mapToDouble(r -> r.metrics().unweightedAverageRecall()).toArray()));
        s.put("macro_f1", meanStd(results.stream().mapToDouble(r -> r.metrics().macroF1()).toArray()));
        s.put("minutes", meanStd(results.stream().mapToDouble(Result::minutes).toArray()));
        return s;
    }

    static JsonArray ints(List<Integer> v) {
        JsonArray a = new JsonArray();
        v.forEach(a::add);
        return a;
    }
}
