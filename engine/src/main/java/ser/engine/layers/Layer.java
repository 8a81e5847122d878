package ser.engine.layers;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;

import java.util.List;
import java.util.Map;

/**
 * A layer of a {@code Sequential} model: explicit forward and backward, no tape.
 *
 * <p>The contract, what a new layer writes (as in Keras):
 * <ul>
 *   <li>{@link #computeOutputShape}: the per-sample output shape (no batch axis) for a per-sample input shape;</li>
 *   <li>{@link #createWeights} (optional): the weights, drawn from the model's rng in a fixed order;</li>
 *   <li>{@link #forward}: y for x of shape [B, inputShape...]; training selects batch statistics and dropout;</li>
 *   <li>{@link #backward}: dL/dx for the last forward's input given dL/dy, <em>adding</em> the parameter gradients
 *       into each {@link Weight#grad()};</li>
 *   <li>{@link #weights} (optional): the weights in Keras order;</li>
 *   <li>{@link #config}: the class name, name and settings ({@link LayerConfig}), from which
 *       {@link Layers#fromConfig} builds the layer again; {@link #kerasClassName} and {@link #baseName}.</li>
 * </ul>
 * The model calls {@link #build} once with the per-sample input shape, then forward and backward alternate.
 * Forward keeps what backward needs in fields of the layer (only the last call's). Returned tensors are buffers
 * owned by the layer ({@link #outputBuffer}, {@link #inputBuffer}, {@link #buffer}, by name), reused by the next
 * call with the same batch size: nothing is allocated per step at a steady batch size.
 *
 * <p>Besides the contract, three hooks the model calls, no-ops unless a layer needs them:
 * {@link #setInputGradientNeeded}, {@link #beginStep} (the step count, for dropout's masks) and
 * {@link #setBackend} (where convolutions run).
 */
public abstract class Layer {

    private String name;
    private int[] inputShape;   // per sample, without the batch axis
    private int[] outputShape;  // per sample, without the batch axis
    private final LayerBuffers buffers = new LayerBuffers();
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

    /**
     * State that is saved with the weights but is not a Keras weight (not counted in "Param #", not in Keras' weight
     * files), by name within the layer, e.g. BatchNormalization's zero-debiasing accumulators
     * "moving_mean/biased" and step count "local_step"; live tensors, empty by default.
     */
    public Map<String, Tensor> state() {
        return Map.of();
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
    public void setBackend(ConvBackend backend) {
    }

    /**
     * What this layer is, as Keras' {@code get_config()}: class name, name and settings; printed, the settings read
     * "filters=256, kernel_size=8, padding='same'".
     */
    public abstract LayerConfig config();

    // ---- helpers for subclasses ----

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
     * A reusable buffer of shape [batch, perSample...] named name (e.g. "xhat"); the same tensor comes back for the
     * same (name, batch), so steady-state training allocates nothing. Contents are not cleared.
     */
    protected final Tensor buffer(String name, int batch, int[] perSample) {
        return buffers.get(name, batch, perSample);
    }

    /** {@link #buffer} with the output's per-sample shape (e.g. "y"). */
    protected final Tensor outputBuffer(String name, int batch) {
        return buffers.get(name, batch, outputShape);
    }

    /** {@link #buffer} with the input's per-sample shape (e.g. "dx"). */
    protected final Tensor inputBuffer(String name, int batch) {
        return buffers.get(name, batch, inputShape);
    }
}
