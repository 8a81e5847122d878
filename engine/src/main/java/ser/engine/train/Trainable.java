package ser.engine.train;

import ser.engine.Tensor;
import ser.engine.layers.Layer;
import ser.engine.optim.Optimizer;

import java.util.List;

/**
 * What the training loop needs from a model ({@code Sequential} is one): a training step, an evaluation, the
 * optimiser, the seed of the shuffle, and the last forward's tensors for the NaN diagnosis.
 */
public interface Trainable {

    /** The seed that the per-epoch shuffle is derived from. */
    long seed();

    /** Per-sample input shape (no batch axis). */
    int[] inputShape();

    Optimizer optimizer();

    /** One gradient step on a batch; returns {loss, accuracy} of the batch. */
    double[] trainOnBatch(Tensor x, int[] labels);

    /** Mean loss and accuracy over x in inference mode. */
    Evaluation evaluate(Tensor x, int[] labels, int batchSize);

    /** The layers in order. */
    List<Layer> layers();

    /** The input of the last forward, or null before one. */
    Tensor lastInput();

    /** The output of layer i in the last forward, or null. */
    Tensor lastOutput(int i);
}
