package ser.engine;

import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;

/**
 * The notebook's network for tests and benchmarks (the model module has the production copy), with the widths as
 * parameters so gradient checks can run it narrow: filters f1 (256), f2 (128), f3 (64).
 */
public final class NotebookNet {

    private NotebookNet() {
    }

    public static Sequential build(long seed, int length, int classes) {
        return build(seed, length, classes, 256, 128, 64, 8, 8, 0.25);
    }

    public static Sequential build(long seed, int length, int classes, int f1, int f2, int f3, int kernel, int pool,
                                   double rate) {
        Sequential m = new Sequential(seed, length, 1);
        m.add(new Conv1D(f1, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(f1, kernel, Padding.SAME));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
        m.add(new Dropout(rate));
        m.add(new MaxPooling1D(pool));
        m.add(new Conv1D(f2, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(f2, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(f2, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(f2, kernel, Padding.SAME));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
        m.add(new Dropout(rate));
        m.add(new MaxPooling1D(pool));
        m.add(new Conv1D(f3, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Conv1D(f3, kernel, Padding.SAME));
        m.add(new Activation("relu"));
        m.add(new Flatten());
        m.add(new Dense(classes));
        m.add(new Activation("softmax"));
        return m;
    }
}
