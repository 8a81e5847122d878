package ser.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import ser.data.ActorFolds;
import ser.data.ActorHoldout;
import ser.data.Extraction;
import ser.data.Extraction.Item;
import ser.data.Extraction.Variant;
import ser.data.LabelSet;
import ser.data.RavdessFile;
import ser.data.StratifiedShuffleSplit;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * Train, validation and test vectors for one of the two protocols.
 * <ul>
 *   <li>notebook: the test actors are held out; every other recording plus its two augmented copies (noise,
 *       pitch shift) are pooled (originals first, then the noise copies, then the pitch copies, as the notebook's
 *       pd.concat) and split 80/20 by the stratified shuffle split (random_state 12). Copies of one clip land on
 *       both sides, which inflates validation accuracy; that is the published protocol.</li>
 *   <li>clean: the test actors are held out, validation actors are held out next (default: the two highest
 *       numbered remaining actors, one per gender with --gender both), and only the training recordings get
 *       augmented copies; no clip or speaker is on two sides.</li>
 * </ul>
 */
final class TrainingSets {

    enum Protocol {
        notebook, clean
    }

    List<String> classNames;
    float[][] xTrain;
    int[] yTrain;
    float[][] xVal;
    int[] yVal;
    float[][] xTest = new float[0][];
    int[] yTest = new int[0];
    List<String> testNames = List.of();
    List<Integer> valActors = List.of();
    int inputLength;

    /** One line of counts for the log. */
    String describe() {
        return "train " + xTrain.length + ", validation " + xVal.length + ", test " + xTest.length + " vectors of length "
                + inputLength + "; classes " + classNames;
    }

    static TrainingSets fromRecordings(List<RavdessFile> all, LabelSet labels, Set<Integer> testActors,
                                       List<Integer> valActorsGiven, Protocol protocol, long splitSeed,
                                       Extraction extraction, int inputLength, PrintWriter out,
                                       IntConsumer progress) throws IOException {
        List<RavdessFile> kept = labels.keep(all);
        if (kept.isEmpty()) {
            throw new UserError("no recordings left after --labels " + labels.groups() + " --gender "
                    + labels.gender().name().toLowerCase());
        }
        ActorHoldout holdout = testActors.isEmpty() ? new ActorHoldout(kept, List.of())
                : ActorHoldout.split(kept, testActors);
        TrainingSets s = new TrainingSets();
        s.classNames = labels.names();
        s.inputLength = inputLength;
        List<RavdessFile> trainFiles;
        List<RavdessFile> valFiles = List.of();
        if (protocol == Protocol.clean) {
            List<Integer> valActors = valActorsGiven == null || valActorsGiven.isEmpty()
                    ? defaultValidationActors(holdout.rest()) : valActorsGiven;
            ActorHoldout v = ActorHoldout.split(holdout.rest(), new HashSet<>(valActors), "--val-actors");
            trainFiles = v.rest();
            valFiles = v.test();
            s.valActors = List.copyOf(valActors);
        } else {
            trainFiles = holdout.rest();
        }
        List<Item> items = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            for (RavdessFile f : trainFiles) {
                items.add(new Item(f.path(), variant));
            }
        }
        for (RavdessFile f : valFiles) {
            items.add(new Item(f.path(), Variant.ORIGINAL));
        }
        for (RavdessFile f : holdout.test()) {
            items.add(new Item(f.path(), Variant.ORIGINAL));
        }
        out.println("extracting features: " + items.size() + " vectors (" + trainFiles.size()
                + " training recordings x 3 with the noise and pitch copies, " + valFiles.size() + " validation, "
                + holdout.test().size() + " test)");
        out.flush();
        float[][] x = extraction.extract(items, progress);

        int n = trainFiles.size();
        List<float[]> pooledX = new ArrayList<>();
        List<String> pooledLabels = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            for (int i = 0; i < n; i++) {
                float[] vec = x[v * n + i];
                if (vec != null) {
                    pooledX.add(vec);
                    pooledLabels.add(labels.label(trainFiles.get(i)).orElseThrow());
                }
            }
        }
        int offset = 3 * n;
        List<float[]> vx = new ArrayList<>();
        List<Integer> vy = new ArrayList<>();
        for (int i = 0; i < valFiles.size(); i++) {
            if (x[offset + i] != null) {
                vx.add(x[offset + i]);
                vy.add(labels.index(valFiles.get(i)));
            }
        }
        offset += valFiles.size();
        List<float[]> tx = new ArrayList<>();
        List<Integer> ty = new ArrayList<>();
        List<String> tn = new ArrayList<>();
        for (int i = 0; i < holdout.test().size(); i++) {
            if (x[offset + i] != null) {
                tx.add(x[offset + i]);
                ty.add(labels.index(holdout.test().get(i)));
                tn.add(holdout.test().get(i).name());
            }
        }
        if (protocol == Protocol.notebook) {
            s.splitPooled(pooledX, pooledLabels, splitSeed);
        } else {
            s.xTrain = pooledX.toArray(new float[0][]);
            s.yTrain = pooledLabels.stream().mapToInt(s.classNames::indexOf).toArray();
            s.xVal = vx.toArray(new float[0][]);
            s.yVal = vy.stream().mapToInt(Integer::intValue).toArray();
        }
        s.xTest = tx.toArray(new float[0][]);
        s.yTest = ty.stream().mapToInt(Integer::intValue).toArray();
        s.testNames = List.copyOf(tn);
        s.check();
        return s;
    }

    private void splitPooled(List<float[]> pooledX, List<String> pooledLabels, long splitSeed) {
        StratifiedShuffleSplit.Split split = new StratifiedShuffleSplit(0.2, splitSeed).split(pooledLabels);
        xTrain = new float[split.train().length][];
        yTrain = new int[split.train().length];
        for (int i = 0; i < xTrain.length; i++) {
            xTrain[i] = pooledX.get(split.train()[i]);
            yTrain[i] = classNames.indexOf(pooledLabels.get(split.train()[i]));
        }
        xVal = new float[split.test().length][];
        yVal = new int[split.test().length];
        for (int i = 0; i < xVal.length; i++) {
            xVal[i] = pooledX.get(split.test()[i]);
            yVal[i] = classNames.indexOf(pooledLabels.get(split.test()[i]));
        }
    }

    /** The two highest-numbered actors left (one male and one female when both genders remain). */
    static List<Integer> defaultValidationActors(List<RavdessFile> rest) {
        Set<Integer> actors = new TreeSet<>();
        for (RavdessFile f : rest) {
            actors.add(f.actor());
        }
        try {
            return ActorFolds.defaultValidationActors(actors);
        } catch (IllegalArgumentException e) {
            throw new UserError("--protocol clean: " + e.getMessage());
        }
    }

    /**
     * From a --features archive: x float32 (N, L) or (N, L, 1), y integer class indices (N), optional labels
     * (class-name strings) and actors (N integers, needed for hold-out by actor and --protocol clean).
     */
    static TrainingSets fromNpz(Path file, Protocol protocol, Set<Integer> testActors, boolean testActorsGiven,
                                List<Integer> valActorsGiven, long splitSeed) throws IOException {
        Map<String, NpyArray> a = Npz.readAny(file);
        FeatureArrays f = FeatureArrays.of(file, a, true);
        TrainingSets s = new TrainingSets();
        s.classNames = f.classNames();
        s.inputLength = f.length();
        int[] actors = null;
        if (a.containsKey("actors")) {
            NpyArray act = a.get("actors");
            if (!act.isInteger() || act.shape().length != 1 || act.shape()[0] != f.x().length) {
                throw new UserError(file + ": array 'actors' must be integers of shape (" + f.x().length + ",), got "
                        + act.descr() + " " + Arrays.toString(act.shape()));
            }
            actors = act.ints();
        }
        if (protocol == Protocol.clean && actors == null) {
            throw new UserError(file + ": --protocol clean needs an 'actors' array (N integers) to hold out speakers");
        }
        if (testActorsGiven && actors == null) {
            throw new UserError(file + ": --test-actors needs an 'actors' array (N integers) in the archive");
        }
        Set<Integer> test = actors == null ? Set.of() : testActors;
        Set<Integer> val = new HashSet<>();
        if (protocol == Protocol.clean) {
            if (valActorsGiven == null || valActorsGiven.isEmpty()) {
                throw new UserError("--protocol clean with --features needs --val-actors");
            }
            val.addAll(valActorsGiven);
            s.valActors = List.copyOf(valActorsGiven);
        }
        List<float[]> trX = new ArrayList<>();
        List<String> trL = new ArrayList<>();
        List<float[]> vX = new ArrayList<>();
        List<Integer> vY = new ArrayList<>();
        List<float[]> tX = new ArrayList<>();
        List<Integer> tY = new ArrayList<>();
        List<String> tN = new ArrayList<>();
        for (int i = 0; i < f.x().length; i++) {
            int actor = actors == null ? -1 : actors[i];
            if (test.contains(actor)) {
                tX.add(f.x()[i]);
                tY.add(f.y()[i]);
                tN.add(f.names() == null ? "row " + i : f.names()[i]);
            } else if (val.contains(actor)) {
                vX.add(f.x()[i]);
                vY.add(f.y()[i]);
            } else {
                trX.add(f.x()[i]);
                trL.add(s.classNames.get(f.y()[i]));
            }
        }
        if (protocol == Protocol.notebook) {
            s.splitPooled(trX, trL, splitSeed);
        } else {
            s.xTrain = trX.toArray(new float[0][]);
            s.yTrain = trL.stream().mapToInt(s.classNames::indexOf).toArray();
            s.xVal = vX.toArray(new float[0][]);
            s.yVal = vY.stream().mapToInt(Integer::intValue).toArray();
        }
        s.xTest = tX.toArray(new float[0][]);
        s.yTest = tY.stream().mapToInt(Integer::intValue).toArray();
        s.testNames = tN;
        s.check();
        return s;
    }

    private void check() {
        if (xTrain.length == 0) {
            throw new UserError("no training vectors left (all files skipped or held out)");
        }
        if (xVal.length == 0) {
            throw new UserError("no validation vectors left (all files skipped or held out)");
        }
    }
}
