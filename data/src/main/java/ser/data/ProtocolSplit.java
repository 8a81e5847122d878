package ser.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import ser.data.Extraction.Item;
import ser.data.Extraction.Variant;

/**
 * The training, validation and test sets one {@link Protocol} makes, from recordings ({@link #ofRecordings}) or
 * from the rows of a feature file ({@link #ofRows}). The test actors are always held out first; the protocol
 * decides the rest. Class index i is {@code classNames.get(i)}; every vector has {@code inputLength} values.
 *
 * @param validationActors the actors held out for validation (empty for the notebook protocol)
 */
public record ProtocolSplit(List<String> classNames, int inputLength, LabelledVectors train,
                            LabelledVectors validation, LabelledVectors test, List<Integer> validationActors) {

    /** The share of the pooled vectors the notebook validates on, and scikit-learn's test_size. */
    public static final double NOTEBOOK_VALIDATION_SHARE = 0.2;

    public ProtocolSplit {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training vectors left (all files skipped or held out)");
        }
        if (validation.size() == 0) {
            throw new IllegalArgumentException("no validation vectors left (all files skipped or held out)");
        }
    }

    /** One line of counts for the log. */
    public String describe() {
        return "train " + train.size() + ", validation " + validation.size() + ", test " + test.size()
                + " vectors of length " + inputLength + "; classes " + classNames;
    }

    /**
     * Splits recordings and extracts their vectors: the originals of the validation and test recordings, and for
     * training recordings the original plus its noise and pitch copies. A recording the extraction skipped (its
     * vector is null) is left out of every set.
     *
     * @param validationActors for {@link Protocol#clean}; null or empty takes {@link #defaultValidationActors}
     * @param log              one line before the extraction starts, saying how many vectors it makes
     * @throws IllegalArgumentException when no recording is left, an actor named has none, or a set is empty
     */
    public static ProtocolSplit ofRecordings(List<RavdessFile> all, LabelSet labels, Set<Integer> testActors,
                                             List<Integer> validationActors, Protocol protocol, long splitSeed,
                                             Extraction extraction, int inputLength, Consumer<String> log,
                                             IntConsumer progress) throws IOException {
        List<RavdessFile> kept = labels.keep(all);
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no recordings left after --labels " + labels.groups() + " --gender "
                    + labels.gender().name().toLowerCase(java.util.Locale.ROOT));
        }
        ActorHoldout holdout = testActors.isEmpty() ? new ActorHoldout(kept, List.of())
                : ActorHoldout.split(kept, testActors);
        List<RavdessFile> trainFiles = holdout.rest();
        List<RavdessFile> validationFiles = List.of();
        List<Integer> validationHeldOut = List.of();
        if (protocol == Protocol.clean) {
            validationHeldOut = validationActors == null || validationActors.isEmpty()
                    ? defaultValidationActors(holdout.rest()) : List.copyOf(validationActors);
            ActorHoldout v = ActorHoldout.split(holdout.rest(), new HashSet<>(validationHeldOut), "--val-actors");
            trainFiles = v.rest();
            validationFiles = v.test();
        }
        // one extraction call for everything, in this order: training x (original, noise, pitch), validation, test
        List<Item> items = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            for (RavdessFile f : trainFiles) {
                items.add(new Item(f.path(), variant));
            }
        }
        for (RavdessFile f : validationFiles) {
            items.add(new Item(f.path(), Variant.ORIGINAL));
        }
        for (RavdessFile f : holdout.test()) {
            items.add(new Item(f.path(), Variant.ORIGINAL));
        }
        log.accept("extracting features: " + items.size() + " vectors (" + trainFiles.size()
                + " training recordings x 3 with the noise and pitch copies, " + validationFiles.size()
                + " validation, " + holdout.test().size() + " test)");
        float[][] x = extraction.extract(items, progress);

        int at = 0;
        LabelledVectors.Builder pooled = new LabelledVectors.Builder();
        for (Variant variant : Variant.values()) {
            for (RavdessFile f : trainFiles) {
                add(pooled, x[at++], labels.index(f), f.name() + " (" + variant.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        LabelledVectors.Builder validation = new LabelledVectors.Builder();
        for (RavdessFile f : validationFiles) {
            add(validation, x[at++], labels.index(f), f.name());
        }
        LabelledVectors.Builder test = new LabelledVectors.Builder();
        for (RavdessFile f : holdout.test()) {
            add(test, x[at++], labels.index(f), f.name());
        }
        return finish(labels.names(), inputLength, pooled.build(), validation.build(), test.build(),
                validationHeldOut, protocol, splitSeed);
    }

    /**
     * Splits the rows of a feature file. Row i has vector {@code x[i]}, class {@code y[i]}, name {@code names[i]}
     * (null: "row i") and actor {@code actors[i]} (actors null: no row is a test or validation actor's, which only
     * the notebook protocol can use).
     *
     * @param validationActors for {@link Protocol#clean}: required, since a feature file has no speaker list to
     *                         pick defaults from
     */
    public static ProtocolSplit ofRows(List<String> classNames, int inputLength, float[][] x, int[] y,
                                       String[] names, int[] actors, Protocol protocol, Set<Integer> testActors,
                                       List<Integer> validationActors, long splitSeed) {
        if (protocol == Protocol.clean && (actors == null || validationActors == null || validationActors.isEmpty())) {
            throw new IllegalArgumentException(actors == null
                    ? "--protocol clean needs each row's actor to hold out speakers"
                    : "--protocol clean with --features needs --val-actors");
        }
        Set<Integer> test = actors == null ? Set.of() : testActors;
        Set<Integer> validationSet = protocol == Protocol.clean ? new HashSet<>(validationActors) : Set.of();
        LabelledVectors.Builder pooled = new LabelledVectors.Builder();
        LabelledVectors.Builder validation = new LabelledVectors.Builder();
        LabelledVectors.Builder testRows = new LabelledVectors.Builder();
        for (int i = 0; i < x.length; i++) {
            int actor = actors == null ? -1 : actors[i];
            String name = names == null ? "row " + i : names[i];
            if (test.contains(actor)) {
                testRows.add(x[i], y[i], name);
            } else if (validationSet.contains(actor)) {
                validation.add(x[i], y[i], name);
            } else {
                pooled.add(x[i], y[i], name);
            }
        }
        return finish(classNames, inputLength, pooled.build(), validation.build(), testRows.build(),
                protocol == Protocol.clean ? List.copyOf(validationActors) : List.of(), protocol, splitSeed);
    }

    /** The two highest-numbered actors left (one male and one female when both genders remain). */
    public static List<Integer> defaultValidationActors(List<RavdessFile> rest) {
        Set<Integer> actors = new TreeSet<>();
        for (RavdessFile f : rest) {
            actors.add(f.actor());
        }
        try {
            return ActorFolds.defaultValidationActors(actors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--protocol clean: " + e.getMessage(), e);
        }
    }

    /** Skipped recordings come back from the extraction as null and are left out. */
    private static void add(LabelledVectors.Builder b, float[] vector, int label, String name) {
        if (vector != null) {
            b.add(vector, label, name);
        }
    }

    /** notebook: the pooled rows are split 80/20, stratified by class name; clean: they are the training set. */
    private static ProtocolSplit finish(List<String> classNames, int inputLength, LabelledVectors pooled,
                                        LabelledVectors validation, LabelledVectors test,
                                        List<Integer> validationActors, Protocol protocol, long splitSeed) {
        if (protocol == Protocol.clean) {
            return new ProtocolSplit(classNames, inputLength, pooled, validation, test, validationActors);
        }
        List<String> classOfRow = new ArrayList<>(pooled.size());
        for (int label : pooled.y()) {
            classOfRow.add(classNames.get(label));
        }
        StratifiedShuffleSplit.Split split = new StratifiedShuffleSplit(NOTEBOOK_VALIDATION_SHARE, splitSeed)
                .split(classOfRow);
        return new ProtocolSplit(classNames, inputLength, rows(pooled, split.train()), rows(pooled, split.test()),
                test, List.of());
    }

    private static LabelledVectors rows(LabelledVectors from, int[] index) {
        LabelledVectors.Builder b = new LabelledVectors.Builder();
        for (int i : index) {
            b.add(from.x()[i], from.y()[i], from.names().get(i));
        }
        return b.build();
    }
}
