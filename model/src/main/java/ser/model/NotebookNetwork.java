package ser.model;

import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.optim.SGD;

/**
 * The 2019 notebook's 1D CNN, layer for layer, with Keras' default arguments:
 * <pre>
 *   Conv1D(256, 8, same) ReLU
 *   Conv1D(256, 8, same) BatchNormalization ReLU Dropout(0.25) MaxPooling1D(8)
 *   Conv1D(128, 8, same) ReLU  x3
 *   Conv1D(128, 8, same) BatchNormalization ReLU Dropout(0.25) MaxPooling1D(8)
 *   Conv1D(64, 8, same) ReLU  x2
 *   Flatten Dense(classes) softmax
 * </pre>
 * Input (batch, inputLength, 1); with inputLength 259 the pools give 32 then 4 steps, so Flatten has 4 x 64 = 256
 * values and {@code dense_1/kernel} is (256, classes). The notebook compiles it with
 * {@code SGD(lr=0.0001, momentum=0.0, decay=0.0, nesterov=False)}.
 */
public final class NotebookNetwork {

    /** The architecture's name in model.json. */
    public static final String ARCHITECTURE = "notebook-cnn-2019";

    /** The notebook's learning rate. */
    public static final double LEARNING_RATE = 1e-4;

    private NotebookNetwork() {
    }

    /** The uncompiled network; weights are drawn from {@code new Rng(seed)} in layer order. */
    public static Sequential build(long seed, int inputLength, int classes) {
        return build(seed, inputLength, classes, 1.0);
    }

    /**
     * The same layers with every Conv1D's filter count multiplied by {@code width} (rounded, at least 1): width 1 is
     * the notebook's network (256, 128, 64 filters), 0.125 a tiny one (32, 16, 8 filters, 20,626 parameters for two
     * classes) that trains on the synthetic corpus in seconds. Nothing else changes: kernel sizes, pools, dropout
     * and BatchNormalization stay the notebook's.
     */
    public static Sequential build(long seed, int inputLength, int classes, double width) {
        if (inputLength < 64) {
            throw new IllegalArgumentException("the notebook network needs inputLength >= 64 (two MaxPooling1D(8)), got "
                    + inputLength);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        if (!(width > 0 && width <= 1)) {
            throw new IllegalArgumentException("width must be in (0, 1], got " + width);
        }
        int stage1 = filters(256, width);
        int stage2 = filters(128, width);
        int stage3 = filters(64, width);
        // docs:begin notebook-network
        Sequential m = new Sequential(seed, inputLength, 1);
        m.add(new Conv1D(stage1, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(stage1, 8, Padding.SAME));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
        m.add(new Dropout(0.25));
        m.add(new MaxPooling1D(8));
        m.add(new Conv1D(stage2, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(stage2, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(stage2, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(stage2, 8, Padding.SAME));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
        m.add(new Dropout(0.25));
        m.add(new MaxPooling1D(8));
        m.add(new Conv1D(stage3, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(stage3, 8, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Flatten());
        m.add(new Dense(classes));
        m.add(new Activation("softmax"));
        // docs:end notebook-network
        return m;
    }

    /** The notebook's filter count times width, rounded to the nearest integer and at least 1. */
    static int filters(int notebook, double width) {
        return Math.max(1, (int) Math.round(notebook * width));
    }

    /** {@link #build} compiled with the notebook's optimiser, SGD with the given learning rate and no momentum. */
    public static Sequential compiled(long seed, int inputLength, int classes, double lr) {
        return compiled(seed, inputLength, classes, 1.0, lr);
    }

    /** {@link #build(long, int, int, double)} at the given width, compiled as {@link #compiled(long, int, int, double)}. */
    public static Sequential compiled(long seed, int inputLength, int classes, double width, double lr) {
        Sequential m = build(seed, inputLength, classes, width);
        m.compile(new SGD(lr, 0.0, 0.0, false));
        return m;
    }
}
