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
 * the mean over time, so what is learned is a pattern that may occur anywhere in the clip:
 * <pre>
 *   Conv1D(64, 5, same)  BatchNormalization ReLU MaxPooling1D(2)      (None, T/2, 64)
 *   Conv1D(128, 5, same) BatchNormalization ReLU MaxPooling1D(2)      (None, T/4, 128)
 *   Conv1D(128, 5, same) BatchNormalization ReLU MaxPooling1D(2)      (None, T/8, 128)
 *   Conv1D(128, 3, same) BatchNormalization ReLU                      (None, T/8, 128)
 *   GlobalAveragePooling1D Dropout(0.3) Dense(classes) softmax         (None, classes)
 * </pre>
 * 200,904 parameters for 80 input channels and 8 classes (the notebook's network has 1.28 million), trained with
 * Adam.
 */
public final class SpeakerIndependentNetwork {

    /** The architecture's name in model.json. */
    public static final String ARCHITECTURE = "speaker-independent-cnn";

    private SpeakerIndependentNetwork() {
    }

    /** The uncompiled network for per-sample input (frames, channels); weights drawn from {@code new Rng(seed)}. */
    public static Sequential build(long seed, int frames, int channels, int classes) {
        if (frames < 16) {
            throw new IllegalArgumentException("the speaker-independent network needs at least 16 frames, got " + frames);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        // docs:begin recipe-network
        Sequential m = new Sequential(seed, frames, channels);
        int[][] blocks = {{64, 5}, {128, 5}, {128, 5}, {128, 3}};
        for (int i = 0; i < blocks.length; i++) {
            m.add(new Conv1D(blocks[i][0], blocks[i][1], Padding.SAME));
            m.add(new BatchNormalization());
            m.add(new Activation("relu"));
            if (i < 3) {
                m.add(new MaxPooling1D(2));
            }
        }
        m.add(new GlobalAveragePooling1D());
        m.add(new Dropout(0.3));
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
