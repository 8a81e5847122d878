package ser.app;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.data.ActorHoldout;
import ser.data.Extraction;
import ser.data.FeatureCache;
import ser.data.Gender;
import ser.data.LabelSet;
import ser.data.RavdessFile;
import ser.data.RavdessIndex;
import ser.features.FeatureParams;
import ser.app.report.Metrics;
import ser.model.SavedModel;
import ser.model.io.Npz;

/** Accuracy, macro F1, per-class precision/recall and the confusion matrix of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on held-out RAVDESS actors or on a --features file.")
final class EvaluateCommand extends FolderWritingCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Option(names = "--test-actors", split = ",", paramLabel = "N,N", description = "actors to evaluate on (default: those the model was tested on)")
    List<Integer> testActors;

    @Mixin
    FeaturesOption features;

    @Option(names = "--out", paramLabel = "DIR", description = "write eval-report.txt, eval-confusion.png, eval-predictions.csv here")
    Path out;

    @Mixin
    OnErrorOption onError;

    @Mixin
    CacheOption cache;

    @Mixin
    BackendOption backend;

    @Option(names = "--json", description = "print accuracy, ua (mean per-class recall), macro_f1 and the confusion matrix as JSON")
    boolean json;

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        if (out != null) {
            lock = FolderLock.acquire(out, "evaluate", e);
        }
        SavedModel.Loaded loaded = model.load();
        loaded.model().setBackend(backend.select(e::println));
        List<String> classes = loaded.labels();
        RecipeInputs recipe = !features.given() ? RecipeInputs.of(loaded) : null;
        float[][] x;
        int[] y;
        List<String> names = new ArrayList<>();
        String title;
        if (features.given()) {
            var arrays = Npz.readAny(features.file);
            FeatureArrays f = FeatureArrays.of(features.file, arrays, true);
            if (arrays.containsKey("labels") ? !f.classNames().equals(classes) : f.classNames().size() > classes.size()) {
                throw new UserError(features.file + ": classes " + f.classNames() + " do not fit the model's " + classes);
            }
            x = f.x();
            y = f.y();
            for (int i = 0; i < x.length; i++) {
                names.add(f.names() == null ? "row " + i : f.names()[i]);
            }
            title = "evaluation on " + features.file + " (" + x.length + " vectors)";
        } else {
            JsonObject t = loaded.training();
            if (!t.has("label_groups") || !t.has("gender")) {
                throw new UserError(loaded.dir() + ": the model records no label set (trained on --features?); evaluate with --features");
            }
            LabelSet labels = LabelSet.of(t.get("label_groups").getAsInt(), Gender.parse(t.get("gender").getAsString()),
                    !t.has("gender_prefix") || t.get("gender_prefix").getAsBoolean());
            if (!labels.names().equals(classes)) {
                throw new UserError(loaded.dir() + ": labels " + classes + " do not match the recorded label set " + labels.names());
            }
            Set<Integer> test = new LinkedHashSet<>();
            if (testActors != null) {
                test.addAll(testActors);
            } else if (t.has("test_actors")) {
                t.getAsJsonArray("test_actors").forEach(a -> test.add(a.getAsInt()));
            }
            if (test.isEmpty()) {
                throw new UserError("give --test-actors N,N");
            }
            RavdessIndex index = data.recordings(o, e);
            List<RavdessFile> files = ActorHoldout.split(labels.keep(index.files()), test).test();
            if (recipe != null) {
                return evaluateRecipe(loaded, recipe, labels, files, test, o);
            }
            FeatureParams params = FeatureParamsJson.fromJson(loaded.featureParams(), loaded.dir().resolve("model.json").toString());
            Extraction ex = new Extraction(params, new FeatureCache(cache.dir, params.key()), 0,
                    Runtime.getRuntime().availableProcessors(), onError.policy(), e::println);
            List<Extraction.Item> items = files.stream().map(f -> new Extraction.Item(f.path(), Extraction.Variant.ORIGINAL)).toList();
            float[][] all = ex.extract(items, d -> { });
            List<float[]> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (all[i] != null) {
                    xs.add(all[i]);
                    ys.add(labels.index(files.get(i)));
                    names.add(files.get(i).name());
                }
            }
            if (xs.isEmpty()) {
                throw new UserError("no readable recordings of actors " + test);
            }
            x = xs.toArray(new float[0][]);
            y = ys.stream().mapToInt(Integer::intValue).toArray();
            title = "evaluation on actors " + test + " (" + x.length + " recordings)";
        }
        Metrics m = Reports.evaluate(loaded.model(), x, y, names, classes, out, "eval", title, json ? new PrintWriter(java.io.Writer.nullWriter()) : o);
        printJson(m, o);
        return 0;
    }

    /**
     * A frame-level recipe model on RAVDESS actors: each test actor is normalised by the statistics of their own
     * clips when the model normalises per speaker (the assumption its training made), else as recorded.
     */
    private int evaluateRecipe(SavedModel.Loaded loaded, RecipeInputs recipe, LabelSet labels, List<RavdessFile> files,
                               Set<Integer> test, PrintWriter o) throws Exception {
        List<Path> paths = files.stream().map(RavdessFile::path).toList();
        float[][] raw = new ser.data.FrameExtraction(recipe.frames, new FeatureCache(cache.dir, recipe.frames.key()),
                Runtime.getRuntime().availableProcessors()).extract(paths, d -> { });
        float[][] x = new float[raw.length][];
        for (int actor : test) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).actor() == actor) rows.add(i);
            }
            float[][] mine = rows.stream().map(i -> raw[i]).toArray(float[][]::new);
            ser.features.Normalisation.Stats s = recipe.scope == ser.features.Normalisation.Scope.SPEAKER
                    ? ser.features.Normalisation.stats(List.of(mine), recipe.frames.frames(), recipe.frames.channels()) : null;
            float[][] normed = recipe.normalise(mine, s);
            for (int k = 0; k < rows.size(); k++) x[rows.get(k)] = normed[k];
        }
        int[] y = files.stream().mapToInt(labels::index).toArray();
        List<String> names = files.stream().map(RavdessFile::name).toList();
        String title = "evaluation on actors " + test + " (" + x.length + " recordings, normalisation " + recipe.scope.id() + ")";
        Metrics m = Reports.evaluate(loaded.model(), recipe.tensor(x), y, names, loaded.labels(), out, "eval", title,
                json ? new PrintWriter(java.io.Writer.nullWriter()) : o);
        printJson(m, o);
        return 0;
    }

    private void printJson(Metrics m, PrintWriter o) {
        if (!json) {
            return;
        }
        JsonObject j = new JsonObject();
        j.addProperty("samples", m.samples);
        j.addProperty("accuracy", m.accuracy());
        j.addProperty("ua", m.unweightedAverageRecall());
        j.addProperty("macro_f1", m.macroF1());
        j.add("labels", new com.google.gson.Gson().toJsonTree(m.classNames));
        j.add("confusion", new com.google.gson.Gson().toJsonTree(m.confusion));
        o.println(new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(j));
        o.flush();
    }
}
