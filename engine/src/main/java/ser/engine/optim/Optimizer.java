package ser.engine.optim;

import ser.engine.layers.Weight;

import java.util.List;

/**
 * Updates weights from their accumulated gradients. Order of use, once per training batch: the model zeroes the
 * gradients, runs forward and backward (gradients accumulate into {@link Weight#grad()}), then calls
 * {@link #step(List)} once with every trainable weight; step applies the update and increments
 * {@link #iterations()}.
 */
public interface Optimizer {

    /** The base learning rate (before any decay), as Keras' {@code optimizer.lr}. */
    double lr();

    /** Sets the base learning rate (what ReduceLROnPlateau changes). */
    void setLr(double lr);

    /** Number of updates applied so far (Keras' {@code optimizer.iterations}). */
    long iterations();

    /** Sets the update count, to resume a saved run. */
    void setIterations(long iterations);

    /** Applies one update to every weight in weights (all trainable) and increments iterations. */
    void step(List<Weight> weights);

    /** Keras config text for summaries and saved models, e.g. "SGD(lr=1e-4, momentum=0.0, ...)". */
    String config();
}
