package ser.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One set of a split: row i is the feature vector {@code x[i]} with class index {@code y[i]}, from the recording
 * (or feature-file row) named {@code names.get(i)}.
 */
public record LabelledVectors(float[][] x, int[] y, List<String> names) {

    public LabelledVectors {
        if (x.length != y.length || x.length != names.size()) {
            throw new IllegalArgumentException("rows: " + x.length + " vectors, " + y.length + " labels, "
                    + names.size() + " names");
        }
    }

    public static LabelledVectors empty() {
        return new LabelledVectors(new float[0][], new int[0], List.of());
    }

    /** The number of rows. */
    public int size() {
        return x.length;
    }

    /** Collects rows in order, then freezes them with {@link #build()}. */
    static final class Builder {
        private final List<float[]> x = new ArrayList<>();
        private final List<Integer> y = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        void add(float[] vector, int label, String name) {
            x.add(vector);
            y.add(label);
            names.add(name);
        }

        LabelledVectors build() {
            return new LabelledVectors(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(),
                    List.copyOf(names));
        }
    }
}
