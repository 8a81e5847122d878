package ser.model.recipe;

import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.GlobalAveragePooling1D;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;

import java.util.List;

/**
 * The speaker-independent recipe's network: four convolution blocks over time on a [T, C] feature matrix, then
 * the mean over time, so what is learned is a pattern that may occur anywhere in the clip. With the
 * {@link Options#ORIGINAL} widths:
 * <pre>
 *   Conv1D(64, 5, same)  BatchNormalization ReLU MaxPooling1D(2)      (None, T/2, 64)
 *   Conv1D(128, 5, same) BatchNormalization ReLU MaxPooling1D(2)      (None, T/4, 128)
 *   Conv1D(128, 5, same) BatchNormalization ReLU MaxPooling1D(2)      (None, T/8, 128)
 *   Conv1D(128, 3, same) BatchNormalization ReLU                      (None, T/8, 128)
 *   GlobalAveragePooling1D Dropout(0.3) Dense(classes) softmax         (None, classes)
 * </pre>
 * 200,904 parameters for 80 input channels and 8 classes (the notebook's network has 1.28 million), trained with
 * Adam. {@link Options} scales the widths, sets the dropout rate and whether the pooling leaves out padded frames.
 */
public final class SpeakerIndependentNetwork {

    /** The architecture's name in model.json. */
    public static final String ARCHITECTURE = "speaker-independent-cnn";

    /**
     * What a recipe may vary: the four blocks' filters, the dropout rate before the classifier, and whether
     * GlobalAveragePooling1D masks the zero rows a short clip is padded with.
     */
    public record Options(int[] filters, double dropout, boolean maskPadding) {
        /** The first recipe's network: 64, 128, 128, 128 filters, Dropout(0.3), plain mean over time. */
        public static final Options ORIGINAL = new Options(new int[] {64, 128, 128, 128}, 0.3, false);

        public Options {
            if (filters.length != 4) {
                throw new IllegalArgumentException("the network has 4 convolution blocks, got " + filters.length + " widths");
            }
            for (int f : filters) {
                if (f < 1) throw new IllegalArgumentException("filters must be >= 1, got " + java.util.Arrays.toString(filters));
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            filters = filters.clone();
        }

        @Override
        public int[] filters() {
            return filters.clone();
        }

        public Options withFilters(int... f) {
            return new Options(f, dropout, maskPadding);
        }

        public Options withDropout(double d) {
            return new Options(filters, d, maskPadding);
        }

        public Options withMaskPadding(boolean m) {
            return new Options(filters, dropout, m);
        }

        /** One line for the printed recipe. */
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "4 x (Conv1D, BatchNormalization, ReLU, MaxPooling1D(2) on the first 3) with %s filters, "
                            + "GlobalAveragePooling1D%s, Dropout(%s), Dense, softmax",
                    java.util.Arrays.toString(filters), maskPadding ? " (padded frames masked)" : "", dropout);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options x && java.util.Arrays.equals(filters, x.filters) && dropout == x.dropout
                    && maskPadding == x.maskPadding;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(filters) * 31 + Double.hashCode(dropout) * 2 + (maskPadding ? 1 : 0);
        }
    }

    private SpeakerIndependentNetwork() {
    }

    /** The {@link Options#ORIGINAL} network (version 1 model files hold this one). */
    public static Sequential build(long seed, int frames, int channels, int classes) {
        return build(seed, frames, channels, classes, Options.ORIGINAL);
    }

    /** The uncompiled network for per-sample input (frames, channels); weights drawn from {@code new Rng(seed)}. */
    public static Sequential build(long seed, int frames, int channels, int classes, Options o) {
        if (frames < 16) {
            throw new IllegalArgumentException("the speaker-independent network needs at least 16 frames, got " + frames);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        int[] filters = o.filters();
        // docs:begin recipe-network
        Sequential m = new Sequential(seed, frames, channels);
        int[] kernels = {5, 5, 5, 3};
        for (int i = 0; i < 4; i++) {
            m.add(new Conv1D(filters[i], kernels[i], Padding.SAME));
            m.add(new BatchNormalization());
            m.add(new Activation("relu"));
            if (i < 3) {
                m.add(new MaxPooling1D(2));
            }
        }
        m.add(new GlobalAveragePooling1D(o.maskPadding()));   // mean over the clip's real frames
        m.add(new Dropout(o.dropout()));
        m.add(new Dense(classes));
        m.add(new Activation("softmax"));
        // docs:end recipe-network
        return m;
    }

    /** True when model has this network's layer sequence (classes and names included). */
    public static boolean describes(Sequential model) {
        int[] in = model.inputShape();
        if (in.length != 2 || in[0] < 16 || model.layers().isEmpty()) {
            return false;
        }
        Sequential ref;
        try {
            ref = build(model.seed(), in[0], in[1], model.classes());
        } catch (IllegalArgumentException e) {
            return false;
        }
        List<Layer> a = model.layers();
        List<Layer> b = ref.layers();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).kerasClassName().equals(b.get(i).kerasClassName()) || !a.get(i).config().equals(b.get(i).config())) {
                return false;
            }
        }
        return true;
    }
}
