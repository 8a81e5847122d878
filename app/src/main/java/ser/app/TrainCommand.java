package ser.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ser.app.report.CsvLogger;
import ser.app.report.EpochPrinter;
import ser.app.report.Plots;
import ser.app.report.ProgressBar;
import ser.data.Extraction;
import ser.data.FeatureCache;
import ser.data.Gender;
import ser.data.LabelSet;
import ser.data.Protocol;
import ser.data.ProtocolSplit;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.models.Sequential;
import ser.engine.train.Callback;
import ser.engine.train.FitSettings;
import ser.engine.train.ReduceLROnPlateau;
import ser.engine.train.TerminateOnNaN;
import ser.features.FeatureParams;
import ser.kernels.DeviceTraining;
import ser.model.ModelCheckpoint;
import ser.model.NotebookNetwork;
import ser.model.SavedModel;

/**
 * Trains the notebook network. Writes into --out: best/ (the model with the lowest val_loss, Keras'
 * ModelCheckpoint(save_best_only=True)), last/ (the state after the last complete epoch, with the optimiser, for
 * --resume), training.csv, curves.png and, when test actors are held out, test-report.txt, test-confusion.png and
 * test-predictions.csv for the best model.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the notebook's 1D CNN on RAVDESS (or on a synthetic corpus when ./data holds none).")
final class TrainCommand extends FolderWritingCommand {

    /** Epochs when training falls back to the synthetic corpus and --epochs is not given (a short demonstration). */
    static final int SYNTHETIC_EPOCHS = 12;
    /** Learning rate on the synthetic corpus when --lr is not given: the notebook's 1e-4 barely moves in 12 epochs. */
    static final double SYNTHETIC_LR = 1e-3;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Mixin
    FeaturesOption features;

    @Option(names = "--labels", defaultValue = "2", description = "emotion groups: 2, 3, 5 or 8 (default ${DEFAULT-VALUE})")
    int labels;

    @Option(names = "--gender", defaultValue = "male", description = "male, female or both (default ${DEFAULT-VALUE})")
    String gender;

    @Option(names = "--test-actors", split = ",", paramLabel = "N,N", description = "actors held out as the test set (default 21,23, the notebook's)")
    List<Integer> testActors;

    @Option(names = "--val-actors", split = ",", paramLabel = "N,N", description = "validation actors for --protocol clean (default: the two highest-numbered left)")
    List<Integer> valActors;

    @Option(names = "--protocol", defaultValue = "notebook", description = "notebook (published, leaky split) or clean (default ${DEFAULT-VALUE})")
    Protocol protocol;

    @Option(names = "--epochs", description = "epochs (default 700; " + SYNTHETIC_EPOCHS + " on the synthetic corpus)")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "16", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", description = "SGD learning rate (default 1e-4; 1e-3 on the synthetic corpus)")
    Double lr;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, dropout, shuffling, augmentation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--split-seed", defaultValue = "12", description = "random_state of the stratified split (default ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--patience", defaultValue = "20", description = "ReduceLROnPlateau patience (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--width", defaultValue = "1", description = "the notebook network's filter counts times this, in (0, 1]: 1 is the notebook's 256/128/64, 0.125 a tiny 32/16/8 network for a quick first run (default ${DEFAULT-VALUE})")
    double width;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/train-TIMESTAMP)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its last complete epoch")
    boolean resume;

    @Mixin
    BackendOption backend;

    @Mixin
    OnErrorOption onError;

    @Mixin
    CacheOption cache;

    @Option(names = "--threads", description = "feature extraction threads (default: all cores)")
    Integer threads;

    @Option(names = "--progress", description = "show the progress bar even when stderr is not a terminal")
    boolean progress;

    @Option(names = "--recipe", defaultValue = "notebook", description = "notebook (the 2019 network and features, default) or speaker-independent (frame-level MFCCs, per-speaker normalisation, Adam, SpecAugment; see docs/beyond-the-notebook.md)")
    String recipe;

    @Option(names = "--no-gender-prefix", description = "labels are the emotion groups alone (8 classes for --labels 8 --gender both, not the notebook's 16)")
    boolean noGenderPrefix;

    @Override
    protected Integer run() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        Gender g = Gender.parse(gender);
        LabelSet labelSet = LabelSet.of(labels, g, !noGenderPrefix);
        if (!"notebook".equals(recipe)) {
            if (width != 1) {
                throw new UserError("--width narrows the notebook network; --recipe " + recipe + " has its own");
            }
            if (out != null) {
                lock = FolderLock.acquire(out, "train", e);
            }
            return RecipeTrain.run(this, Recipe.named(recipe), labelSet, o, e);
        }
        if (batch < 1) {
            throw new UserError("--batch must be >= 1, got " + batch);
        }
        if (epochs != null && epochs < 1) {
            throw new UserError("--epochs must be >= 1, got " + epochs);
        }
        if (!(width > 0 && width <= 1)) {
            throw new UserError("--width must be in (0, 1] (a fraction of the notebook's filters), got " + width);
        }
        if (resume && width != 1) {
            throw new UserError("--resume continues the saved network as it is; leave out --width");
        }
        Extraction.OnError policy = onError.policy();
        if (data.given() && features.given()) {
            throw new UserError("give either --data or --features, not both");
        }
        Path outDir = out;
        JsonObject saved = null;
        if (resume) {
            if (out == null) {
                throw new UserError("--resume needs --out DIR of the run to continue");
            }
            if (!SavedModel.exists(out.resolve("last")) && !SavedModel.exists(out.resolve("best"))) {
                throw new UserError("--resume: " + out + " holds no saved model to continue from (the run stopped"
                        + " before its first checkpoint); start it again without --resume");
            }
        } else {
            if (outDir == null) {
                outDir = Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            }
            if (SavedModel.exists(outDir.resolve("best")) || SavedModel.exists(outDir.resolve("last"))) {
                throw new UserError("--out " + outDir + " already holds a trained model; pass --resume to continue it"
                        + " or choose another --out (nothing was changed)");
            }
        }
        if (out != null) {   // a named folder is locked before anything in it is read; a new default one below
            lock = FolderLock.acquire(outDir, "train", e);
        }
        Set<Integer> test = new LinkedHashSet<>(testActors == null ? List.of(21, 23) : testActors);
        FeatureParams params = FeatureParams.NOTEBOOK;

        // ---- the data
        ProtocolSplit sets;
        boolean synthetic = false;
        JsonObject featureJson;
        if (features.given()) {
            sets = FeatureArrays.split(features.file, protocol, test, testActors != null, valActors, splitSeed);
            featureJson = new JsonObject();
            featureJson.addProperty("source", features.file.toString());
        } else {
            DataFolder.Resolved folder = data.recordingsOrSynthetic(seed, o, e);
            synthetic = folder.synthetic();
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            Extraction extraction = new Extraction(params, new FeatureCache(cache.dir, params.key()), seed, n, policy, e::println);
            ProgressBar bar = showProgress() ? new ProgressBar(System.err) : null;
            long t0 = System.nanoTime();
            sets = ProtocolSplit.ofRecordings(folder.index().files(), labelSet, test, valActors, protocol, splitSeed,
                    extraction, params.length(), line -> { o.println(line); o.flush(); }, done -> {
                        if (bar != null && done % 16 == 0) {
                            System.err.print("\rfeatures " + done);
                        }
                    });
            if (bar != null) {
                System.err.print("\r");
            }
            o.printf("features ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            featureJson = FeatureParamsJson.toJson(params);
        }
        int totalEpochs = epochs != null ? epochs : synthetic ? SYNTHETIC_EPOCHS : 700;
        double learningRate = lr != null ? lr : synthetic ? SYNTHETIC_LR : NotebookNetwork.LEARNING_RATE;
        o.println(sets.describe());

        // ---- the model
        Sequential model;
        List<String> csvRows = new ArrayList<>();   // the log's rows so far, kept in every checkpoint
        int initialEpoch = 0;
        double bestSoFar = Double.POSITIVE_INFINITY;
        if (resume) {
            // last/ lacks model.json only when a kill came while its first checkpoint was being written; best/ of
            // that same epoch holds the same weights (plain SGD keeps no other optimizer state)
            boolean fromBest = !SavedModel.exists(outDir.resolve("last"));
            if (fromBest) {
                o.println("note: " + outDir.resolve("last") + " holds no complete checkpoint (the run was stopped while"
                        + " writing it); resuming from " + outDir.resolve("best"));
            }
            SavedModel.Loaded last = SavedModel.load(outDir.resolve(fromBest ? "best" : "last"));
            if (!last.labels().equals(sets.classNames())) {
                throw new UserError("--resume: the saved run has classes " + last.labels() + ", this data gives "
                        + sets.classNames() + " (use the same --labels/--gender)");
            }
            if (last.model().inputShape()[0] != sets.inputLength()) {
                throw new UserError("--resume: the saved model takes " + last.model().inputShape()[0]
                        + " values per input, the features have " + sets.inputLength());
            }
            saved = last.training();
            model = last.model();
            initialEpoch = saved.get("epoch").getAsInt();
            bestSoFar = saved.has("best_val_loss") ? saved.get("best_val_loss").getAsDouble() : Double.POSITIVE_INFINITY;
            bestSoFar = Math.min(bestSoFar, savedBest(outDir.resolve("best")));   // best/ may be one epoch ahead of last/
            if (saved.has("csv_rows")) {
                saved.getAsJsonArray("csv_rows").forEach(r -> csvRows.add(r.getAsString()));
            }
            if (initialEpoch >= totalEpochs) {
                if (!csvRows.isEmpty()) {   // a kill after the last checkpoint may have cost the log its last row
                    new CsvLogger(outDir.resolve("training.csv"), csvRows);
                }
                throw new UserError("--resume: the saved run already finished " + initialEpoch + " epochs"
                        + (csvRows.isEmpty() ? "" : " (" + outDir.resolve("training.csv") + " matches its checkpoint)")
                        + "; pass a larger --epochs to continue it");
            }
            o.printf(java.util.Locale.ROOT, "resuming %s at epoch %d (lr %.4g, best val_loss %.5f)%n", outDir,
                    initialEpoch + 1, model.optimizer().lr(), bestSoFar);
        } else {
            model = NotebookNetwork.compiled(seed, sets.inputLength(), sets.classNames().size(), width, learningRate);
        }
        ConvBackend be = backend.select(e::println);
        model.setBackend(be);
        if (lock == null) {
            lock = FolderLock.acquire(outDir, "train", e);
        }
        Files.createDirectories(outDir);

        // ---- callbacks, in Keras order: stop on NaN, plateau, checkpoints, logs
        final Path outFinal = outDir;
        final boolean syntheticFinal = synthetic;
        JsonObject runConfig = runConfig(synthetic, test, sets, totalEpochs, learningRate);
        TerminateOnNaN nan = new TerminateOnNaN(e::println);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss", 0.9, patience, 1e-6, 1e-4, 0, o::println);
        if (saved != null && saved.has("reduce_lr_on_plateau")) { // --resume: the plateau counts on where it stopped
            JsonObject p = saved.getAsJsonObject("reduce_lr_on_plateau");
            plateau.restore(p.has("best") ? p.get("best").getAsDouble() : Double.POSITIVE_INFINITY,
                    p.has("wait") ? p.get("wait").getAsInt() : 0, p.has("cooldown") ? p.get("cooldown").getAsInt() : 0);
        }
        ModelCheckpoint best = new ModelCheckpoint(model, outDir.resolve("best"), "val_loss", true, false,
                sets.classNames(), featureJson, (done, b) -> state(runConfig, done, b, plateau, csvRows), o::println);
        best.setBest(bestSoFar);
        ModelCheckpoint last = new ModelCheckpoint(model, outDir.resolve("last"), "val_loss", false, true,
                sets.classNames(), featureJson, (done, b) -> state(runConfig, done, best.best(), plateau, csvRows), s -> { });
        // the log is rebuilt from the checkpoint's copy of its rows, so a kill between checkpoint and log costs no row
        CsvLogger csv = saved != null && saved.has("csv_rows") ? new CsvLogger(outDir.resolve("training.csv"), csvRows)
                : new CsvLogger(outDir.resolve("training.csv"), initialEpoch);
        Callback rowKeeper = new Callback() {
            @Override
            public void onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
                csvRows.add(CsvLogger.row(epoch, logs));
            }
        };
        EpochPrinter printer = new EpochPrinter(o, showProgress() ? new ProgressBar(System.err) : null, totalEpochs,
                sets.train().x().length);
        List<Callback> callbacks = List.of(nan, plateau, rowKeeper, best, last, csv, printer);

        Tensor xTrain = Reports.toModelInput(sets.train().x(), sets.inputLength());
        Tensor xVal = Reports.toModelInput(sets.validation().x(), sets.inputLength());
        o.printf(java.util.Locale.ROOT, "training: %d epochs, batch %d, SGD lr %.4g, backend %s, output %s%n", totalEpochs,
                batch, model.optimizer().lr(), be.name() + (DeviceTraining.onDevice(be) ? " (whole step on the device)" : ""), outDir);
        o.flush();

        // ---- Ctrl-C: stop after the current batch, let the checkpoints and logs finish, then exit
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        boolean[] interrupted = {false};
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            interrupted[0] = true;
            System.err.println();
            System.err.println("interrupted: stopping after this batch; the best model stays in " + outFinal.resolve("best"));
            stop.set(true);
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "ser-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        try {
            // with an OpenCL backend the whole step runs on the device; cpu and reference are plain model.fit
            DeviceTraining.fit(model, be, xTrain, sets.train().y(), FitSettings.builder().epochs(totalEpochs).batchSize(batch)
                    .initialEpoch(initialEpoch).validationData(xVal, sets.validation().y()).callbacks(callbacks).stopFlag(stop)
                    .build(), e::println);
            double minutes = (System.nanoTime() - t0) / 60e9;
            Plots.curves(outDir.resolve("curves.png"), CsvLogger.read(outDir.resolve("training.csv")));
            if (nan.message() != null) {
                e.println("error: training stopped: " + nan.message() + (SavedModel.exists(outDir.resolve("best"))
                        ? "; the best model so far is kept in " + outDir.resolve("best")
                        : "; no epoch completed, so no model was saved"));
                return Main.NAN_LOSS;
            }
            if (interrupted[0]) {
                o.println("stopped by Ctrl-C; resume with: train --resume --out " + outDir);
                return Main.INTERRUPTED;
            }
            o.printf("training took %.1f min; best val_loss %.4f saved in %s%n", minutes, best.best(), outDir.resolve("best"));
            if (sets.test().x().length > 0) {
                Sequential bestModel = SavedModel.exists(outDir.resolve("best"))
                        ? SavedModel.load(outDir.resolve("best")).model() : model;
                bestModel.setBackend(be);
                Reports.evaluate(bestModel, sets.test().x(), sets.test().y(), sets.test().names(), sets.classNames(), outDir, "test",
                        "held-out actors " + test + " (" + sets.test().x().length + " recordings), best model"
                                + (syntheticFinal ? " -- SYNTHETIC corpus" : ""), o);
            }
            o.println("wrote " + outDir.resolve("training.csv") + " and " + outDir.resolve("curves.png"));
            if (syntheticFinal) {
                o.println("(trained on the SYNTHETIC corpus; see the notice above for how to get RAVDESS)");
            }
            return 0;
        } finally {
            releaseLock();   // before a Ctrl-C hook lets the JVM exit: a clean stop leaves no trace
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
            }
            be.close();
        }
    }

    private boolean showProgress() {
        return progress || System.console() != null;
    }

    private JsonObject runConfig(boolean synthetic, Set<Integer> test, ProtocolSplit sets, int totalEpochs, double learningRate) {
        JsonObject c = new JsonObject();
        c.addProperty("protocol", protocol.name());
        c.addProperty("label_groups", labels);
        c.addProperty("width", width);
        c.addProperty("gender", gender.toLowerCase());
        JsonArray t = new JsonArray();
        test.forEach(t::add);
        c.add("test_actors", t);
        JsonArray v = new JsonArray();
        sets.validationActors().forEach(v::add);
        c.add("val_actors", v);
        c.addProperty("seed", seed);
        c.addProperty("split_seed", splitSeed);
        c.addProperty("batch", batch);
        c.addProperty("epochs", totalEpochs);
        c.addProperty("initial_lr", learningRate);
        c.addProperty("data", features.given() ? "features:" + features.file : synthetic ? "synthetic:" + DataFolder.synthetic(seed)
                : String.valueOf(data.dirOrDefault()));
        c.addProperty("synthetic", synthetic);
        c.addProperty("train_samples", sets.train().x().length);
        c.addProperty("val_samples", sets.validation().x().length);
        return c;
    }

    /** The val_loss a best/ checkpoint was saved with, +Inf when there is none. */
    private static double savedBest(Path bestDir) {
        if (!SavedModel.exists(bestDir)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            JsonObject t = SavedModel.load(bestDir).training();
            return t.has("best_val_loss") ? t.get("best_val_loss").getAsDouble() : Double.POSITIVE_INFINITY;
        } catch (IOException ex) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static JsonObject state(JsonObject runConfig, int epochsDone, double bestValLoss, ReduceLROnPlateau plateau,
                                    List<String> csvRows) {
        JsonObject s = runConfig.deepCopy();
        JsonArray rows = new JsonArray();
        csvRows.forEach(rows::add);
        s.add("csv_rows", rows);
        s.addProperty("epoch", epochsDone);
        if (Double.isFinite(bestValLoss)) {
            s.addProperty("best_val_loss", bestValLoss);
        }
        JsonObject p = new JsonObject();
        if (Double.isFinite(plateau.best())) {
            p.addProperty("best", plateau.best());
        }
        p.addProperty("wait", plateau.waitCount());
        p.addProperty("cooldown", plateau.cooldownCounter());
        s.add("reduce_lr_on_plateau", p);
        return s;
    }

}
