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
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.app.report.Plots;
import ser.data.ActorFolds;
import ser.data.Gender;
import ser.data.LabelSet;
import ser.features.FrameParams;
import ser.features.Normalisation;
import ser.features.SpecAugment;
import ser.model.recipe.SpeakerIndependentNetwork;

/**
 * Actor-disjoint k-fold cross-validation of a recipe: for each fold the test actors are held out entirely, two
 * validation actors (one per gender) from the training side choose the checkpoint, and the best model is scored
 * on the test actors. Writes fold-N/ (best model, training.csv, test report, confusion PNG, predictions) and
 * crossval.txt / crossval.json with accuracy, UA and macro F1 per fold and their mean and standard deviation.
 */
@Command(name = "crossval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Actor-disjoint cross-validation of the speaker-independent recipe (five folds of four actors by default).")
final class CrossvalCommand extends FolderWritingCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--recipe", defaultValue = "speaker-independent", description = "recipe (default ${DEFAULT-VALUE})")
    String recipe;

    @Option(names = "--labels", defaultValue = "8", description = "emotion groups: 2, 3, 5 or 8 (default ${DEFAULT-VALUE})")
    int labels;

    @Option(names = "--gender", defaultValue = "both", description = "male, female or both (default ${DEFAULT-VALUE})")
    String gender;

    @Option(names = "--gender-prefix", description = "keep the notebook's gender-prefixed labels (male_angry, ...); default: emotion alone")
    boolean genderPrefix;

    @Option(names = "--folds", paramLabel = "A,B,..;C,D,..", description = "test actors of each fold, folds separated by ';' (default 1,2,3,4;5,6,7,8;...;17,18,19,20)")
    String folds;

    @Option(names = "--only-folds", split = ",", paramLabel = "K,K", description = "run only these fold numbers (1-based)")
    List<Integer> onlyFolds;

    @Option(names = "--norm", description = "override the normalisation: speaker, utterance, global or none")
    String norm;

    @Option(names = "--frames", description = "override the features: mfcc or logmel")
    String frames;

    @Option(names = "--coefficients", description = "override n_mfcc (mfcc) or n_mels (logmel)")
    Integer coefficients;

    @Option(names = "--deltas", description = "override the delta orders stacked: 0, 1 or 2")
    Integer deltas;

    @Option(names = "--no-augment", description = "turn SpecAugment off")
    boolean noAugment;

    @Option(names = "--epochs", description = "override the recipe's epochs")
    Integer epochs;

    @Option(names = "--filters", split = ",", paramLabel = "F1,F2,F3,F4", description = "override the four convolution blocks' filters")
    int[] filters;

    @Option(names = "--dropout", description = "override the dropout rate before the classifier")
    Double dropout;

    @Option(names = "--mask-padding", negatable = true, description = "override whether the pooling leaves out padded frames")
    Boolean maskPadding;

    @Option(names = "--lr", description = "override Adam's learning rate")
    Double lr;

    @Option(names = "--speed", split = ",", paramLabel = "F,F", description = "speed perturbation: factors besides 1 (e.g. 0.9,1.1) of which each training clip plays one per epoch")
    double[] speed;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, shuffling and masks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--seeds", split = ",", paramLabel = "S,S", description = "train each fold once per seed and score the mean of their probabilities (an ensemble); overrides --seed")
    List<Long> seeds;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @Mixin
    CacheOption cache;

    @Option(names = "--threads", description = "feature extraction threads (default: all cores)")
    Integer threads;

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        Recipe r = overrides(Recipe.named(recipe), norm, frames, coefficients, deltas, noAugment, epochs);
        r = networkOverrides(r, filters, dropout, maskPadding, lr);
        if (speed != null) {
            for (double f : speed) {
                if (!(f >= 0.5 && f <= 2) || f == 1) {
                    throw new UserError("--speed: factors must be in [0.5, 2] and not 1, got " + f);
                }
            }
            r = r.withSpeed(speed);
        }
        List<Long> seedList = seeds == null || seeds.isEmpty() ? List.of(seed) : List.copyOf(seeds);
        if (new java.util.HashSet<>(seedList).size() != seedList.size()) {
            throw new UserError("--seeds " + seedList + ": a seed is given twice");
        }
        LabelSet labelSet = LabelSet.of(labels, Gender.parse(gender), genderPrefix);
        lock = FolderLock.acquire(out, "crossval", e);
        if (Files.exists(out.resolve("crossval.json"))) {
            throw new UserError("--out " + out + " already holds a cross-validation (crossval.json); choose another --out");
        }
        o.println(r.describe());
        o.println("labels: " + labelSet.names());
        var index = data.recordings(o, e);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        RecipeRun.Prepared p = RecipeRun.prepare(index.files(), labelSet, r.frames(), r.speed(), cache.dir, n, o);
        List<List<Integer>> groups = folds == null ? ActorFolds.ravdessFive() : parseFolds(folds);
        List<ActorFolds.Fold> all;
        try {
            all = ActorFolds.of(groups, p.actors());
        } catch (IllegalArgumentException ex) {
            throw new UserError("--folds: " + ex.getMessage());
        }
        List<RecipeRun.Result> results = new ArrayList<>();
        for (ActorFolds.Fold f : all) {
            if (onlyFolds != null && !onlyFolds.contains(f.index())) {
                continue;
            }
            Path foldDir = out.resolve("fold-" + f.index());
            if (seedList.size() == 1) {
                results.add(RecipeRun.train(p, f, r, seedList.get(0), foldDir, o));
            } else {
                List<RecipeRun.Result> members = new ArrayList<>();
                for (long s : seedList) {
                    members.add(RecipeRun.train(p, f, r, s, foldDir.resolve("seed-" + s), o));
                }
                results.add(RecipeRun.ensemble(members, p.classNames(), foldDir, o));
            }
        }
        if (results.isEmpty()) {
            throw new UserError("--only-folds " + onlyFolds + " selects none of folds 1.." + all.size());
        }
        Map<String, double[]> s = RecipeRun.summary(results);
        StringBuilder txt = new StringBuilder(r.describe()).append(seedList.size() > 1
                ? "\n  ensemble       mean probabilities of seeds " + seedList : "").append("\n\nlabels: ").append(labelSet.names()).append("\n\n");
        txt.append(String.format(Locale.ROOT, "%-5s %-16s %-10s %9s %7s %9s %8s%n", "fold", "test actors", "val", "accuracy", "UA", "macro F1", "minutes"));
        int k = p.classNames().size();
        int[][] total = new int[k][k];
        for (RecipeRun.Result res : results) {
            txt.append(String.format(Locale.ROOT, "%-5d %-16s %-10s %9.4f %7.4f %9.4f %8.1f%n", res.fold().index(),
                    res.fold().test(), res.fold().validation(), res.metrics().accuracy(),
                    res.metrics().unweightedAverageRecall(), res.metrics().macroF1(), res.minutes()));
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) total[a][b] += res.metrics().confusion[a][b];
        }
        txt.append(String.format(Locale.ROOT, "mean +- std over %d folds: accuracy %.4f +- %.4f, UA %.4f +- %.4f, macro F1 %.4f +- %.4f, %.1f min per fold%n",
                results.size(), s.get("accuracy")[0], s.get("accuracy")[1], s.get("ua")[0], s.get("ua")[1],
                s.get("macro_f1")[0], s.get("macro_f1")[1], s.get("minutes")[0]));
        o.print(txt);
        Files.createDirectories(out);
        ser.model.io.AtomicFile.writeString(out.resolve("crossval.txt"), txt.toString());
        Plots.confusionHeatmap(out.resolve("crossval-confusion.png"), p.classNames(), total,
                String.format(Locale.ROOT, "%d folds summed: UA %.3f +- %.3f", results.size(), s.get("ua")[0], s.get("ua")[1]));
        JsonObject j = new JsonObject();
        j.add("recipe", r.toJson());
        JsonArray names = new JsonArray();
        p.classNames().forEach(names::add);
        j.add("labels", names);
        JsonArray fj = new JsonArray();
        results.forEach(res -> fj.add(RecipeRun.resultJson(res)));
        j.add("folds", fj);
        JsonObject sj = new JsonObject();
        s.forEach((key, v) -> {
            sj.addProperty(key + "_mean", v[0]);
            sj.addProperty(key + "_std", v[1]);
        });
        j.add("summary", sj);
        ser.model.io.AtomicFile.writeString(out.resolve("crossval.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(j) + "\n");
        o.println("wrote " + out.resolve("crossval.txt") + ", crossval.json, crossval-confusion.png and fold-N/");
        return 0;
    }

    /** The recipe with single values overridden by command-line options (for ablations). */
    static Recipe overrides(Recipe r, String norm, String frames, Integer coefficients, Integer deltas, boolean noAugment,
                            Integer epochs) {
        try {
            if (norm != null) {
                r = r.withNorm(Normalisation.Scope.parse(norm));
            }
            if (frames != null || coefficients != null || deltas != null) {
                FrameParams f = r.frames();
                FrameParams.Kind kind = frames == null ? f.kind() : FrameParams.Kind.parse(frames);
                int c = coefficients != null ? coefficients : kind == f.kind() ? f.coefficients() : kind == FrameParams.Kind.MFCC ? 40 : 64;
                int nMels = kind == FrameParams.Kind.MFCC ? 128 : c;
                int nMfcc = kind == FrameParams.Kind.MFCC ? c : Math.min(13, nMels);
                r = r.withFrames(new FrameParams(Recipe.window(nMfcc, nMels), kind, deltas != null ? deltas : f.deltas(), f.deltaWidth()));
            }
        } catch (IllegalArgumentException ex) {
            throw new UserError(ex.getMessage());
        }
        if (noAugment) {
            r = r.withAugment(SpecAugment.NONE);
        }
        if (epochs != null) {
            if (epochs < 1) {
                throw new UserError("--epochs must be >= 1, got " + epochs);
            }
            r = r.withEpochs(epochs);
        }
        return r;
    }

    /** The recipe with the network's widths, dropout, padding mask or the learning rate overridden. */
    static Recipe networkOverrides(Recipe r, int[] filters, Double dropout, Boolean maskPadding, Double lr) {
        try {
            SpeakerIndependentNetwork.Options n = r.network();
            if (filters != null) n = n.withFilters(filters);
            if (dropout != null) n = n.withDropout(dropout);
            if (maskPadding != null) n = n.withMaskPadding(maskPadding);
            r = r.withNetwork(n);
        } catch (IllegalArgumentException ex) {
            throw new UserError((filters != null ? "--filters" : "--dropout") + ": " + ex.getMessage());
        }
        if (lr != null) {
            if (!(lr > 0)) {
                throw new UserError("--lr must be > 0, got " + lr);
            }
            r = r.withLr(lr);
        }
        return r;
    }

    static List<List<Integer>> parseFolds(String s) {
        List<List<Integer>> groups = new ArrayList<>();
        for (String part : s.split(";")) {
            List<Integer> g = new ArrayList<>();
            for (String a : part.split(",")) {
                try {
                    g.add(Integer.parseInt(a.trim()));
                } catch (NumberFormatException ex) {
                    throw new UserError("--folds: '" + a.trim() + "' is not an actor number (expected e.g. 1,2,3,4;5,6,7,8)");
                }
            }
            groups.add(g);
        }
        return groups;
    }
}
