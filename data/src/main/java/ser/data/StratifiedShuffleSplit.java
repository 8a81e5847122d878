package ser.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * scikit-learn's {@code StratifiedShuffleSplit(n_splits=1, test_size, random_state).split(X, y)}, reimplemented
 * step by step so the notebook's split (test_size 0.2, random_state 12) can be reproduced:
 * <ol>
 *   <li>n_test = ceil(test_size * n), n_train = n - n_test;</li>
 *   <li>classes = sorted distinct labels (np.unique); each class's sample indices in ascending order (a stable
 *       argsort of the class index);</li>
 *   <li>n_i = approximate_mode(class_counts, n_train), t_i = approximate_mode(class_counts - n_i, n_test), where
 *       approximate_mode floors the proportional share and hands out the rest by largest remainder, breaking ties
 *       with {@code rng.choice(..., replace=False)};</li>
 *   <li>per class in order: perm = rng.permutation(count); the first n_i of the permuted indices go to train, the
 *       next t_i to test;</li>
 *   <li>train = rng.permutation(train), test = rng.permutation(test).</li>
 * </ol>
 * All draws come from {@link NumpyRandomState}, NumPy's legacy MT19937 {@code RandomState}, in the same order.
 * The proportional share is computed as {@code count / total * n_draws} in double precision (scikit-learn
 * 0.22 and later; 0.20 computed {@code n_draws * count / total}, which can round differently in the last bit and
 * then break a remainder tie differently).
 */
public final class StratifiedShuffleSplit {

    private final double testSize;
    private final long randomState;

    /** @param testSize fraction of samples in the test part, in (0, 1) */
    public StratifiedShuffleSplit(double testSize, long randomState) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("test_size must be in (0, 1), got " + testSize);
        }
        this.testSize = testSize;
        this.randomState = randomState;
    }

    /** Train and test sample indices, each in the shuffled order scikit-learn returns them. */
    public record Split(int[] train, int[] test) {
    }

    /**
     * Splits samples with the given labels.
     *
     * @param labels one label per sample; any comparable strings (sorted like np.unique)
     */
    public Split split(List<String> labels) {
        int n = labels.size();
        int nTest = (int) Math.ceil(testSize * n);
        int nTrain = n - nTest;
        TreeMap<String, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byClass.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(i);
        }
        int classes = byClass.size();
        if (nTrain < classes || nTest < classes) {
            throw new IllegalArgumentException("stratified split of " + n + " samples into " + nTrain + " train / "
                    + nTest + " test cannot hold all " + classes + " classes");
        }
        int[][] classIndices = new int[classes][];
        int[] counts = new int[classes];
        int c = 0;
        for (List<Integer> idx : byClass.values()) {
            if (idx.size() < 2) {
                throw new IllegalArgumentException("the least populated class has only 1 member; a stratified split"
                        + " needs at least 2 per class");
            }
            classIndices[c] = idx.stream().mapToInt(Integer::intValue).toArray();
            counts[c++] = idx.size();
        }
        NumpyRandomState rng = new NumpyRandomState(randomState);
        int[] nI = approximateMode(counts, nTrain, rng);
        int[] remaining = new int[classes];
        for (int i = 0; i < classes; i++) {
            remaining[i] = counts[i] - nI[i];
        }
        int[] tI = approximateMode(remaining, nTest, rng);
        int[] train = new int[Arrays.stream(nI).sum()];
        int[] test = new int[Arrays.stream(tI).sum()];
        int tr = 0;
        int te = 0;
        for (int i = 0; i < classes; i++) {
            int[] perm = rng.permutation(counts[i]);
            for (int k = 0; k < nI[i]; k++) {
                train[tr++] = classIndices[i][perm[k]];
            }
            for (int k = nI[i]; k < nI[i] + tI[i]; k++) {
                test[te++] = classIndices[i][perm[k]];
            }
        }
        return new Split(rng.permutation(train), rng.permutation(test));
    }

    /**
     * scikit-learn's {@code _approximate_mode}: floor(count / total * draws) per class, then one more for the
     * classes with the largest remainders until the total is reached; among equal remainders the winners are
     * drawn by {@code rng.choice(inds, add_now, replace=False)}.
     */
    static int[] approximateMode(int[] counts, int draws, NumpyRandomState rng) {
        long total = 0;
        for (int x : counts) {
            total += x;
        }
        int k = counts.length;
        double[] continuous = new double[k];
        int[] floored = new int[k];
        long flooredSum = 0;
        for (int i = 0; i < k; i++) {
            continuous[i] = (double) counts[i] / (double) total * draws;
            floored[i] = (int) Math.floor(continuous[i]);
            flooredSum += floored[i];
        }
        int needToAdd = (int) (draws - flooredSum);
        if (needToAdd > 0) {
            double[] remainder = new double[k];
            for (int i = 0; i < k; i++) {
                remainder[i] = continuous[i] - floored[i];
            }
            double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
            for (int v = values.length - 1; v >= 0 && needToAdd > 0; v--) {
                int[] inds = indicesEqual(remainder, values[v]);
                int addNow = Math.min(inds.length, needToAdd);
                for (int i : rng.choiceWithoutReplacement(inds, addNow)) {
                    floored[i]++;
                }
                needToAdd -= addNow;
            }
        }
        return floored;
    }

    private static int[] indicesEqual(double[] a, double value) {
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == value).toArray();
    }
}
