package ser.engine.models;

import ser.engine.Batcher;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.layers.Activation;
import ser.engine.layers.Layer;
import ser.engine.layers.PaddingMasked;
import ser.engine.layers.SoftmaxCrossEntropy;
import ser.engine.layers.Weight;
import ser.engine.optim.Optimizer;
import ser.engine.train.Evaluation;
import ser.engine.train.FitLoop;
import ser.engine.train.FitSettings;
import ser.engine.train.History;
import ser.engine.train.NonFiniteLossException;
import ser.engine.train.Trainable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack of layers trained with softmax + categorical cross-entropy, in the manner of Keras' {@code Sequential}.
 *
 * <p>Shapes: inputs x are [N, inputShape...] (e.g. [N, 259, 1]); labels are class indices in [0, classes). The
 * last layer must be {@code Activation("softmax")} over [N, classes].
 *
 * <p>Not thread-safe: one model trains on one thread (its matrix products use the backend's own threads).
 *
 * <p>Randomness: one seed. Layers draw their initial weights from {@code new Rng(seed)} in the order they are
 * added (as Keras builds them), Dropout layers draw their mask seeds from it too, and {@link FitLoop} derives the
 * shuffle of each epoch from it.
 *
 * <p>The model is this class; the training loop is {@link FitLoop} and the summary table {@link ModelSummary}.
 */
public final class Sequential implements Trainable {

    private final long seed;
    private final Rng rng;
    private final int[] inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private int[] outputShape;
    private Optimizer optimizer;
    private ConvBackend backend;
    private List<Weight> trainable;                      // cached trainableWeights(), reset by add
    private boolean computeInputGradient;                // dL/dx of the model input, for tests and saliency

    private Tensor lastInput;                            // the input of the last forward
    private Tensor[] lastOutputs = new Tensor[0];        // each layer's output of the last forward
    private Tensor lastInputGradient;                    // dL/dx of the last computeGradients
    private final Map<Integer, Tensor> logitGrads = new HashMap<>();
    private final Batcher batcher;                       // predict's and evaluate's batches

    /** A model for samples of shape inputShape (no batch axis), e.g. (seed, 259, 1). */
    public Sequential(long seed, int... inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("Sequential: give the per-sample input shape, e.g. (259, 1)");
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("Sequential: input shape " + Arrays.toString(inputShape)
                        + " has a dimension < 1");
            }
        }
        this.seed = seed;
        this.rng = new Rng(seed);
        this.inputShape = inputShape.clone();
        this.outputShape = inputShape.clone();
        this.batcher = new Batcher(inputShape);
    }

    @Override
    public long seed() {
        return seed;
    }

    /**
     * Names the layer Keras-style if it has no name (conv1d_1, conv1d_2, ..., counted per model), builds it on the
     * current output shape (drawing its initial weights) and appends it.
     *
     * @throws IllegalArgumentException when the layer does not fit the current output shape, naming both
     */
    public Sequential add(Layer layer) {
        if (layer.isBuilt()) {
            throw new IllegalArgumentException(layer.name() + " is already part of a model");
        }
        if (layer.name() == null) {
            int n;
            do {
                n = nameCounters.merge(layer.baseName(), 1, Integer::sum);
            } while (names.contains(layer.baseName() + "_" + n));
            layer.setName(layer.baseName() + "_" + n);
        }
        if (!names.add(layer.name())) {
            throw new IllegalArgumentException("Sequential: a layer named " + layer.name() + " already exists");
        }
        layer.setInputGradientNeeded(!layers.isEmpty() || computeInputGradient);
        outputShape = layer.build(outputShape, rng);
        if (backend != null) {
            layer.setBackend(backend);
        }
        layers.add(layer);
        trainable = null;
        return this;
    }

    /**
     * Sets the optimiser. The loss is always softmax + categorical cross-entropy.
     *
     * @throws IllegalStateException when the last layer is not Activation("softmax") over a flat output
     */
    public Sequential compile(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("Sequential.compile: optimizer is null");
        }
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (!(last instanceof Activation a) || !"softmax".equals(a.activation()) || outputShape.length != 1) {
            throw new IllegalStateException("Sequential.compile: the last layer must be Activation('softmax') with output "
                    + "(None, classes); got " + (last == null ? "no layers" : last.name() + " with output "
                    + Layer.shapeWithBatch(outputShape)));
        }
        this.optimizer = optimizer;
        return this;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The layers in order (unmodifiable). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Per-sample input shape (a copy). */
    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Per-sample output shape (a copy), (classes) once compiled. */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Number of classes: the size of the flat output. */
    public int classes() {
        return outputShape[outputShape.length - 1];
    }

    /** Runs every convolution of this model on backend (also for layers added later). */
    public void setBackend(ConvBackend backend) {
        this.backend = backend;
        for (Layer l : layers) {
            l.setBackend(backend);
        }
    }

    /** Every weight of every layer, in layer order. */
    public List<Weight> weights() {
        List<Weight> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.weights());
        }
        return all;
    }

    /** The trainable weights, in layer order (what the optimiser updates); unmodifiable. */
    public List<Weight> trainableWeights() {
        if (trainable == null) {
            List<Weight> all = new ArrayList<>();
            for (Weight w : weights()) {
                if (w.trainable()) {
                    all.add(w);
                }
            }
            trainable = Collections.unmodifiableList(all);
        }
        return trainable;
    }

    /** A Keras 2.2-style summary table (see {@link ModelSummary}). */
    public String summary() {
        return ModelSummary.of(layers);
    }

    // ------------------------------------------------------------------ forward / backward

    /**
     * Runs every layer on x [B, inputShape...] and returns the softmax output [B, classes] (a layer-owned buffer).
     *
     * @throws IllegalArgumentException naming the first layer and the shapes when x does not fit
     */
    public Tensor forward(Tensor x, boolean training) {
        requireLayers();
        if (lastOutputs.length != layers.size()) {
            lastOutputs = new Tensor[layers.size()];
        }
        lastInput = x;
        int[] valid = null;                      // real (non-padding) steps per sample, for layers that mask them
        for (Layer l : layers) {
            if (l instanceof PaddingMasked pm && x.rank() == 3) {
                if (valid == null) {
                    valid = PaddingMasked.validSteps(x.data(), x.dim(0), x.dim(1), x.dim(2));
                }
                pm.validInputSteps(valid, x.dim(1));
            }
        }
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h, training);
            lastOutputs[i] = h;
        }
        return h;
    }

    // docs:begin train-step
    /**
     * One gradient computation without an update: zeroes the gradients, runs a training forward on x [B, ...],
     * takes the loss against labels [B] and backpropagates into every weight's grad. Returns the mean batch loss.
     */
    public double computeGradients(Tensor x, int[] labels) {
        requireCompiled();
        int B = x.dim(0);
        for (Layer l : layers) {
            l.zeroGrad();
            l.beginStep(optimizer.iterations());
        }
        Tensor probs = forward(x, true);
        Tensor dLogits = logitGrads.computeIfAbsent(B, b -> Tensor.zeros(b, classes()));
        double loss = SoftmaxCrossEntropy.lossAndGradient(probs.data(), labels, B, classes(), dLogits.data());
        Tensor g = dLogits;                      // the softmax's backward is fused into dLogits = (p - y) / B
        for (int i = layers.size() - 2; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        lastInputGradient = g;
        return loss;
    }

    /**
     * Trains on one batch: gradients, then one optimiser step. When the loss is NaN or infinite the weights are left
     * unchanged (Keras would apply the update) so a checkpoint taken afterwards is still usable.
     *
     * @return {loss, accuracy} of the batch, computed from the training forward (dropout active), as Keras reports
     */
    @Override
    public double[] trainOnBatch(Tensor x, int[] labels) {
        checkBatch(x, labels, "trainOnBatch");
        double loss = computeGradients(x, labels);
        int B = x.dim(0);
        double acc = SoftmaxCrossEntropy.correct(lastOutputs[layers.size() - 1].data(), labels, B, classes())
                / (double) B;
        if (Double.isFinite(loss)) {
            optimizer.step(trainableWeights());
        }
        return new double[] {loss, acc};
    }
    // docs:end train-step

    /**
     * Whether backward also computes dLoss/dx for the model's input. Off by default: training never needs it, and
     * for the notebook's first Conv1D (one input channel) it is a matrix product with a single column that costs
     * many times that layer's forward and weight gradient together (measured in docs/benchmarks.md).
     */
    public void setComputeInputGradient(boolean compute) {
        this.computeInputGradient = compute;
        if (!layers.isEmpty()) {
            layers.get(0).setInputGradientNeeded(compute);
        }
    }

    /**
     * dLoss/dx [B, inputShape...] of the last {@link #computeGradients} (a layer-owned buffer).
     *
     * @throws IllegalStateException unless {@link #setComputeInputGradient(boolean)} was turned on
     */
    public Tensor lastInputGradient() {
        if (!computeInputGradient) {
            throw new IllegalStateException("Sequential: call setComputeInputGradient(true) before computeGradients "
                    + "to get the input gradient");
        }
        return lastInputGradient;
    }

    // ------------------------------------------------------------------ predict / evaluate / fit

    /** Class probabilities [N][classes] in inference mode (moving BN statistics, no dropout). */
    public float[][] predict(Tensor x, int batchSize) {
        int n = checkInputs(x, "predict");
        checkBatchSize(batchSize, "predict");
        float[][] out = new float[n][classes()];
        int[] index = Batcher.identity(n);
        for (int start = 0; start < n; start += batchSize) {
            int B = Math.min(batchSize, n - start);
            Tensor probs = forward(batcher.gather(x, index, start, B), false);
            for (int b = 0; b < B; b++) {
                System.arraycopy(probs.data(), b * classes(), out[start + b], 0, classes());
            }
        }
        return out;
    }

    /** Mean loss and accuracy over x [N, ...] with labels [N], in inference mode, batch by batch. */
    @Override
    public Evaluation evaluate(Tensor x, int[] labels, int batchSize) {
        int n = checkInputs(x, "evaluate");
        checkLabels(labels, n, "evaluate");
        checkBatchSize(batchSize, "evaluate");
        int[] index = Batcher.identity(n);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += batchSize) {
            int B = Math.min(batchSize, n - start);
            Tensor probs = forward(batcher.gather(x, index, start, B), false);
            int[] yb = batcher.gatherLabels(labels, index, start, B);
            lossSum += SoftmaxCrossEntropy.lossAndGradient(probs.data(), yb, B, classes(), null) * B;
            correct += SoftmaxCrossEntropy.correct(probs.data(), yb, B, classes());
        }
        return new Evaluation(lossSum / n, correct / (double) n);
    }

    /**
     * Trains on x [N, ...] with labels y [N] as Keras' {@code fit}: the loop itself is {@link FitLoop} (epochs,
     * shuffling, batches, validation, callbacks, the NaN stop); this checks the arguments and hands over.
     *
     * @throws NonFiniteLossException when a batch loss is NaN/infinite and no callback asked to stop
     */
    public History fit(Tensor x, int[] y, FitSettings settings) {
        requireCompiled();
        int n = checkInputs(x, "fit");
        checkLabels(y, n, "fit");
        checkBatchSize(settings.batchSize(), "fit");
        if (settings.xVal() != null) {
            checkLabels(settings.yVal(), checkInputs(settings.xVal(), "fit (validation)"), "fit (validation)");
        }
        if (settings.initialEpoch() < 0 || settings.epochs() < settings.initialEpoch()) {
            throw new IllegalArgumentException("fit: need 0 <= initialEpoch <= epochs, got initialEpoch="
                    + settings.initialEpoch() + ", epochs=" + settings.epochs());
        }
        return new FitLoop(this, settings).run(x, y);
    }

    @Override
    public Tensor lastInput() {
        return lastInput;
    }

    @Override
    public Tensor lastOutput(int i) {
        return i < lastOutputs.length ? lastOutputs[i] : null;
    }

    // ------------------------------------------------------------------ input checks and batching

    private void requireLayers() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential: the model has no layers");
        }
    }

    private void requireCompiled() {
        if (optimizer == null) {
            throw new IllegalStateException("Sequential: call compile(optimizer) before training");
        }
    }

    /** Checks x is [N, inputShape...] with N >= 1 and returns N. */
    private int checkInputs(Tensor x, String what) {
        requireLayers();
        if (x == null || x.rank() != inputShape.length + 1 || x.dim(0) < 1
                || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()), inputShape)) {
            throw new IllegalArgumentException(what + ": expected x of shape " + Layer.shapeWithBatch(inputShape)
                    + " with at least one sample but got " + (x == null ? "null" : x.shapeString()));
        }
        return x.dim(0);
    }

    private void checkLabels(int[] labels, int n, String what) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException(what + ": " + n + " samples but " + (labels == null ? "no" : labels.length)
                    + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes()) {
                throw new IllegalArgumentException(what + ": label " + labels[i] + " of sample " + i
                        + " is outside [0, " + classes() + ")");
            }
        }
    }

    private void checkBatch(Tensor x, int[] labels, String what) {
        checkLabels(labels, checkInputs(x, what), what);
    }

    private static void checkBatchSize(int batchSize, String what) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(what + ": batch size must be >= 1, got " + batchSize);
        }
    }
}
