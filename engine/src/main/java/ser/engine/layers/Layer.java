package ser.engine.layers;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.backend.Backend;
import ser.engine.concurrent.WorkerPool;

import java.util.Arrays;
import java.util.List;

/**
 * A layer of a {@code Sequential} model: explicit forward and backward, no tape.
 *
 * <p>Lifecycle (as in Keras): the constructor stores hyper-parameters; {@link #build} is called once with the
 * per-sample input shape (no batch axis), computes the output shape and creates the weights; then
 * {@link #forward} and {@link #backward} alternate. Shapes passed to forward carry the batch axis first.
 *
 * <p>Contract of forward/backward: forward caches what backward needs in named fields of the layer (only the
 * last call's cache is kept); backward takes dL/dy for the output of the last forward, returns dL/dx and
 * <em>adds</em> the parameter gradients into each {@link Weight#grad()}. Returned tensors are buffers owned by the
 * layer, reused by the next call with the same batch size; nothing is allocated per step at a steady batch size.
 */
public abstract class Layer {

    private String name;
    private int[] inputShape;   // per sample, without the batch axis
    private int[] outputShape;  // per sample, without the batch axis
    private final BufferCache buffers = new BufferCache();
    private boolean inputGradientNeeded = true;

    /** Keras layer name such as "conv1d_1"; null until a model names the layer. */
    public final String name() {
        return name;
    }

    /** Sets the Keras-style name; allowed only before {@link #build}. */
    public final void setName(String name) {
        if (inputShape != null) {
            throw new IllegalStateException("layer " + this.name + " is already built; cannot rename it to " + name);
        }
        this.name = name;
    }

    /** Keras class name for summaries, e.g. "Conv1D". */
    public abstract String kerasClassName();

    /** Prefix of Keras' automatic names, e.g. "conv1d" for conv1d_1. */
    public abstract String baseName();

    /**
     * Builds the layer for a per-sample input shape (batch axis excluded) and returns the per-sample output shape.
     * Weights are created and initialised here, drawing from rng in a fixed order.
     *
     * @throws IllegalArgumentException naming the layer and the shape when the input shape does not fit
     */
    public final int[] build(int[] inputShape, Rng rng) {
        if (this.inputShape != null) {
            throw new IllegalStateException(describe() + " is already built for input " + shapeWithBatch(this.inputShape));
        }
        if (name == null) {
            name = baseName();
        }
        int[] out = computeOutputShape(inputShape.clone());
        this.inputShape = inputShape.clone();
        this.outputShape = out.clone();
        createWeights(this.inputShape, rng);
        return out.clone();
    }

    /** Per-sample output shape for a per-sample input shape; throws with the layer name when it does not fit. */
    protected abstract int[] computeOutputShape(int[] inputShape);

    /** Creates and initialises the weights (none by default). */
    protected void createWeights(int[] inputShape, Rng rng) {
    }

    public final boolean isBuilt() {
        return inputShape != null;
    }

    /** Per-sample input shape given to build (a copy). */
    public final int[] inputShape() {
        requireBuilt();
        return inputShape.clone();
    }

    /** Per-sample output shape (a copy). */
    public final int[] outputShape() {
        requireBuilt();
        return outputShape.clone();
    }

    /** Forward pass for x of shape [B, inputShape...]; training selects batch statistics and dropout. */
    public abstract Tensor forward(Tensor x, boolean training);

    /**
     * Backward pass: dL/dx for the last forward's input given dy = dL/dy (null allowed when
     * {@link #inputGradientNeeded()} is false); parameter gradients accumulate.
     */
    public abstract Tensor backward(Tensor dy);

    /** The weights in Keras order (empty for layers without weights). */
    public List<Weight> weights() {
        return List.of();
    }

    /** Total scalar count of all weights, trainable or not (the summary's "Param #"). */
    public final int paramCount() {
        int n = 0;
        for (Weight w : weights()) {
            n += w.size();
        }
        return n;
    }

    /** Zeroes every parameter gradient. */
    public final void zeroGrad() {
        for (Weight w : weights()) {
            w.zeroGrad();
        }
    }

    /**
     * Whether backward must compute dL/dx. A model turns it off for its first layer, whose input is data; a layer
     * may then skip that work and return null from backward (Conv1D does; the cheap layers compute it anyway).
     */
    public final void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    public final boolean inputGradientNeeded() {
        return inputGradientNeeded;
    }

    /** Called by the model before each training forward with the optimiser's iteration count (for dropout). */
    public void beginStep(long step) {
    }

    /** Sets the backend that runs this layer's convolutions; layers without convolutions ignore it. */
    public void setBackend(Backend backend) {
    }

    /** Keras config values shown in messages and saved configs, e.g. "filters=256, kernel_size=8". */
    public abstract String config();

    // ---- helpers for subclasses ----

    // docs:begin elementwise-pool
    /**
     * Fewest elements worth handing to another thread: a hand-off costs a few microseconds, about what one core
     * needs for 16K floats of a cheap element-wise loop.
     */
    protected static final int GRAIN = 1 << 14;

    /**
     * The pool that runs the cheap layers' loops (ReLU, dropout, pooling, batch-norm statistics, biases): the
     * process-wide {@link WorkerPool#shared()} that the CPU backend's products use too. Every such loop writes
     * disjoint outputs per index, and its per-channel sums split over channels, never over rows, so the bits do not
     * depend on the thread count.
     */
    protected static WorkerPool elementwise() {
        return WorkerPool.shared();
    }
    // docs:end elementwise-pool

    /** "conv1d_2 (Conv1D)" for messages. */
    protected final String describe() {
        return (name == null ? baseName() : name) + " (" + kerasClassName() + ")";
    }

    private void requireBuilt() {
        if (inputShape == null) {
            throw new IllegalStateException(describe() + " is not built yet: add it to a Sequential model first");
        }
    }

    /**
     * Checks that x is [B, inputShape...] with B >= 1 and returns B.
     *
     * @throws IllegalArgumentException naming the layer, the expected and the actual shape
     */
    protected final int checkInput(Tensor x) {
        requireBuilt();
        if (x == null || !matches(x, inputShape) || x.dim(0) < 1) {
            throw new IllegalArgumentException(describe() + ": expected input of shape " + shapeWithBatch(inputShape)
                    + " but got " + (x == null ? "null" : x.shapeString()));
        }
        return x.dim(0);
    }

    /**
     * Checks that dy is [batch, outputShape...] for the batch of the last forward.
     *
     * @throws IllegalArgumentException naming the layer and both shapes
     * @throws IllegalStateException when backward is called before any forward
     */
    protected final void checkGradOutput(Tensor dy, int batch) {
        if (batch < 1) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (dy == null || !matches(dy, outputShape) || dy.dim(0) != batch) {
            int[] expected = new int[outputShape.length + 1];
            expected[0] = batch;
            System.arraycopy(outputShape, 0, expected, 1, outputShape.length);
            throw new IllegalArgumentException(describe() + ": expected output gradient of shape "
                    + Tensor.shapeString(expected) + " but got " + (dy == null ? "null" : dy.shapeString()));
        }
    }

    /** True when t is [any, perSample...]. */
    private static boolean matches(Tensor t, int[] perSample) {
        if (t.rank() != perSample.length + 1) {
            return false;
        }
        for (int i = 0; i < perSample.length; i++) {
            if (t.dim(i + 1) != perSample[i]) {
                return false;
            }
        }
        return true;
    }

    /** "(None, 259, 1)" as Keras prints a shape with an unknown batch. */
    public static String shapeWithBatch(int[] perSample) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : perSample) {
            sb.append(", ").append(d);
        }
        return sb.append(')').toString();
    }

    /**
     * A reusable buffer of shape [batch, perSample...] for slot; the same tensor comes back for the same
     * (slot, batch), so steady-state training allocates nothing. Contents are not cleared.
     */
    protected final Tensor buffer(int slot, int batch, int[] perSample) {
        return buffers.get(slot, batch, perSample);
    }

    /** {@link #buffer} with the output's per-sample shape. */
    protected final Tensor outputBuffer(int slot, int batch) {
        return buffers.get(slot, batch, outputShape);
    }

    /** {@link #buffer} with the input's per-sample shape. */
    protected final Tensor inputBuffer(int slot, int batch) {
        return buffers.get(slot, batch, inputShape);
    }

    /** Keeps a few tensors per slot, keyed by batch size (the steady size, the last short batch, validation's). */
    private static final class BufferCache {
        private static final int PER_SLOT = 4;
        private Tensor[][] bySlot = new Tensor[0][];

        Tensor get(int slot, int batch, int[] perSample) {
            if (slot >= bySlot.length) {
                bySlot = Arrays.copyOf(bySlot, slot + 1);
            }
            if (bySlot[slot] == null) {
                bySlot[slot] = new Tensor[PER_SLOT];
            }
            Tensor[] cache = bySlot[slot];
            for (Tensor t : cache) {
                if (t != null && t.dim(0) == batch) {
                    return t;
                }
            }
            int[] shape = new int[perSample.length + 1];
            shape[0] = batch;
            System.arraycopy(perSample, 0, shape, 1, perSample.length);
            Tensor t = Tensor.zeros(shape);
            System.arraycopy(cache, 0, cache, 1, PER_SLOT - 1); // most recent first, the oldest drops out
            cache[0] = t;
            return t;
        }
    }
}
