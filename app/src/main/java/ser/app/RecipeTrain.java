package ser.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import com.google.gson.JsonObject;
import ser.data.ActorFolds;
import ser.data.LabelSet;
import ser.data.Protocol;
import ser.model.SavedModel;

/**
 * {@code train --recipe NAME}: one actor-disjoint split of a named recipe. The test actors (--test-actors) are held
 * out; the validation actors (--val-actors, default the highest-numbered male and female actor left) come from the
 * training side; the model goes to --out/best with the recipe, the feature parameters and the normalisation
 * statistics in its model.json.
 */
final class RecipeTrain {

    private RecipeTrain() {
    }

    /**
     * The run in outDir/last, checked against the recipe of this command: every value but the number of epochs
     * must be the same (a larger --epochs continues it), or the continued run would be another experiment.
     */
    private static RecipeRun.Resume resumeOf(SavedModel.Loaded last, Recipe r, Path outDir) {
        JsonObject st = last.training();
        String where = "--resume: " + outDir.resolve("last/model.json");
        if (!st.has("recipe") || !st.has("epoch")) {
            throw new UserError(where + " was not written by train --recipe");
        }
        JsonObject saved = st.getAsJsonObject("recipe").deepCopy();
        JsonObject now = r.toJson();
        for (JsonObject j : List.of(saved, now)) {
            j.remove("epochs");
            j.remove("description");
        }
        if (!saved.equals(now)) {
            throw new UserError(where + ": the saved run's recipe differs from this command's (" + firstDifference(saved, now)
                    + "); only --epochs may change");
        }
        int done = st.get("epoch").getAsInt();
        if (done >= r.epochs()) {
            throw new UserError(where + ": the saved run already finished " + done + " epochs; pass a larger --epochs to continue it");
        }
        return new RecipeRun.Resume(last.model(), last.labels(), st, st.has("best_epoch") ? st.get("best_epoch").getAsInt() : 0);
    }

    private static String firstDifference(JsonObject a, JsonObject b) {
        for (String k : a.keySet()) {
            if (!a.get(k).equals(b.get(k))) {
                return k + ": saved " + a.get(k) + ", now " + b.get(k);
            }
        }
        return "keys " + a.keySet() + " vs " + b.keySet();
    }

    static int run(TrainCommand c, Recipe r, LabelSet labels, PrintWriter o, PrintWriter e) throws Exception {
        if (c.features.given()) {
            throw new UserError("--recipe " + r.name() + " computes its own frame-level features; give --data, not --features");
        }
        if (c.protocol != Protocol.notebook) {
            throw new UserError("--protocol is the notebook recipe's option; --recipe " + r.name()
                    + " always holds out test and validation actors");
        }
        if (c.epochs != null) {
            r = r.withEpochs(c.epochs);
        }
        if (c.lr != null) {
            r = r.withLr(c.lr);
        }
        if (c.batch != 16) {
            r = r.withBatch(c.batch);
        }
        Path outDir = c.out != null ? c.out
                : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        RecipeRun.Resume resume = null;
        if (c.resume) {
            if (c.out == null) {
                throw new UserError("--resume needs --out DIR of the run to continue");
            }
            if (!SavedModel.exists(outDir.resolve("last"))) {
                throw new UserError("--resume: " + outDir.resolve("last") + " holds no saved model to continue from"
                        + " (the run stopped before its first epoch ended); start it again without --resume");
            }
            SavedModel.Loaded last = SavedModel.load(outDir.resolve("last"));
            resume = resumeOf(last, r, outDir);
        } else if (SavedModel.exists(outDir.resolve("best")) || SavedModel.exists(outDir.resolve("last"))) {
            throw new UserError("--out " + outDir + " already holds a trained model; pass --resume to continue it"
                    + " or choose another --out (nothing was changed)");
        }
        o.println(r.describe());
        o.println("labels: " + labels.names());
        DataFolder.Resolved folder = c.data.recordingsOrSynthetic(c.seed, o, e);
        int threads = c.threads == null ? Runtime.getRuntime().availableProcessors() : c.threads;
        RecipeRun.Prepared p = RecipeRun.prepare(folder.index().files(), labels, r.frames(), r.speed(), c.cache.dir, threads, o);
        List<Integer> test = new ArrayList<>(c.testActors == null ? List.of(21, 23) : c.testActors);
        ActorFolds.Fold fold;
        try {
            fold = c.valActors == null || c.valActors.isEmpty() ? ActorFolds.fold(1, test, p.actors())
                    : ActorFolds.fold(1, test, c.valActors, p.actors());
            for (int a : test) {
                if (!p.actors().contains(a)) {
                    throw new IllegalArgumentException("--test-actors: actor " + a + " has no recordings; actors present: " + p.actors());
                }
            }
        } catch (IllegalArgumentException ex) {
            throw new UserError(ex.getMessage());
        }
        if (resume != null) {
            JsonObject st = resume.state();
            List<Integer> savedTest = new ArrayList<>(), savedVal = new ArrayList<>();
            st.getAsJsonArray("test_actors").forEach(a -> savedTest.add(a.getAsInt()));
            st.getAsJsonArray("val_actors").forEach(a -> savedVal.add(a.getAsInt()));
            if (!savedTest.equals(fold.test()) || !savedVal.equals(fold.validation())) {
                throw new UserError("--resume: the saved run holds out test actors " + savedTest + " and validation actors "
                        + savedVal + ", this command " + fold.test() + " and " + fold.validation() + " (give the same --test-actors/--val-actors)");
            }
            if (!resume.labels().equals(p.classNames())) {
                throw new UserError("--resume: the saved run has classes " + resume.labels() + ", this data gives " + p.classNames() + " (use the same --labels/--gender)");
            }
            if (st.get("seed").getAsLong() != c.seed) {
                throw new UserError("--resume: the saved run used --seed " + st.get("seed").getAsLong() + ", not " + c.seed);
            }
        }
        Files.createDirectories(outDir);
        RecipeRun.Result res = RecipeRun.train(p, fold, r, c.seed, outDir, o, true, resume);
        o.println(Files.readString(outDir.resolve("test-report.txt")));
        o.println("best model in " + outDir.resolve("best") + (folder.synthetic() ? " (trained on the SYNTHETIC corpus)" : ""));
        return res == null ? 1 : 0;
    }
}
