package ser.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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

    static int run(TrainCommand c, Recipe r, LabelSet labels, PrintWriter o, PrintWriter e) throws Exception {
        if (c.resume) {
            throw new UserError("--resume is not supported with --recipe " + r.name() + " (a fold trains in minutes; start again)");
        }
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
        if (SavedModel.exists(outDir.resolve("best"))) {
            throw new UserError("--out " + outDir + " already holds a trained model; choose another --out (nothing was changed)");
        }
        o.println(r.describe());
        o.println("labels: " + labels.names());
        DataFolder.Resolved folder = c.data.recordingsOrSynthetic(c.seed, o, e);
        int threads = c.threads == null ? Runtime.getRuntime().availableProcessors() : c.threads;
        RecipeRun.Prepared p = RecipeRun.prepare(folder.index().files(), labels, r.frames(), c.cache.dir, threads, o);
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
        Files.createDirectories(outDir);
        RecipeRun.Result res = RecipeRun.train(p, fold, r, c.seed, outDir, o);
        o.println(Files.readString(outDir.resolve("test-report.txt")));
        o.println("best model in " + outDir.resolve("best") + (folder.synthetic() ? " (trained on the SYNTHETIC corpus)" : ""));
        return res == null ? 1 : 0;
    }
}
