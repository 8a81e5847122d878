package ser.engine;

import ser.engine.backend.Backend;
import ser.engine.layers.Activation;
import ser.engine.layers.Layer;
import ser.engine.layers.SoftmaxCrossEntropy;
import ser.engine.layers.Weight;
import ser.engine.optim.Optimizer;
import ser.engine.train.Callback;
import ser.engine.train.Evaluation;
import ser.engine.train.History;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * added (as Keras builds them), Dropout layers draw their mask seeds from it too, and the shuffle of epoch e is a
 * Fisher-Yates pass with {@code new Rng(Rng.hash(seed, SHUFFLE_STREAM, e))}, so a run resumed at
 * {@code initialEpoch} shuffles exactly as an uninterrupted run.
 */
public final class Sequential {

    /** Stream id of the per-epoch shuffle in {@link Rng#hash}. */
    public static final long SHUFFLE_STREAM = 0x5348554646L;

    private final long seed;
    private final Rng rng;
    private final int[] inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private int[] outputShape;
    private Optimizer optimizer;
    private Backend backend;
    private List<Weight> trainable;                      // cached trainableWeights(), reset by add
    private boolean computeInputGradient;                // dL/dx of the model input, for tests and saliency

    /** Set by callbacks (EarlyStopping-like, TerminateOnNaN) to end fit after the current batch. */
    public boolean stopTraining;

    private Tensor lastInput;                            // the input of the last forward
    private Tensor[] lastOutputs = new Tensor[0];
    private Tensor lastInputGradient;                    // dL/dx of the last computeGradients        // each layer's output of the last forward
    private final Map<Integer, Tensor> batchInputs = new HashMap<>();
    private final Map<Integer, Tensor> logitGrads = new HashMap<>();
    private int[] batchLabels = new int[0];

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
    }

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

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The layers in order (unmodifiable). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Per-sample input shape (a copy). */
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
    public void setBackend(Backend backend) {
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

    // ------------------------------------------------------------------ summary

    // docs:begin summary
    /** A Keras 2.2-style summary table (line length 65, columns at 29/55/65). */
    public String summary() {
        int[] cols = {29, 55, 65};
        StringBuilder sb = new StringBuilder();
        String thin = "_".repeat(65) + "\n";
        String thick = "=".repeat(65) + "\n";
        sb.append(thin);
        row(sb, cols, "Layer (type)", "Output Shape", "Param #");
        sb.append(thick);
        long total = 0;
        long trainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            row(sb, cols, l.name() + " (" + l.kerasClassName() + ")", Layer.shapeWithBatch(l.outputShape()),
                    String.valueOf(l.paramCount()));
            sb.append(i == layers.size() - 1 ? thick : thin);
            for (Weight w : l.weights()) {
                total += w.size();
                trainable += w.trainable() ? w.size() : 0;
            }
        }
        if (layers.isEmpty()) {
            sb.append(thick);
        }
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        sb.append(thin);
        return sb.toString().replace("\r\n", "\n");
    }
    // docs:end summary

    /**
     * Keras' print_row: each field is cut or padded to end at its column, and before each field after the first
     * the last character so far becomes a space (hence "batch_normalization_1 (Batch (None, ...").
     */
    private static void row(StringBuilder sb, int[] cols, String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.setCharAt(line.length() - 1, ' ');
            }
            line.append(fields[i]);
            if (line.length() > cols[i]) {
                line.setLength(cols[i]);
            }
            while (line.length() < cols[i]) {
                line.append(' ');
            }
        }
        sb.append(line).append('\n');
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
     * ten times that layer's forward and weight gradient together (15.5 ms vs 1.5 ms at batch 16).
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
        int[] index = identity(n);
        for (int start = 0; start < n; start += batchSize) {
            int B = Math.min(batchSize, n - start);
            Tensor probs = forward(gather(x, index, start, B), false);
            for (int b = 0; b < B; b++) {
                System.arraycopy(probs.data(), b * classes(), out[start + b], 0, classes());
            }
        }
        return out;
    }

    /** Mean loss and accuracy over x [N, ...] with labels [N], in inference mode, batch by batch. */
    public Evaluation evaluate(Tensor x, int[] labels, int batchSize) {
        int n = checkInputs(x, "evaluate");
        checkLabels(labels, n, "evaluate");
        checkBatchSize(batchSize, "evaluate");
        int[] index = identity(n);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += batchSize) {
            int B = Math.min(batchSize, n - start);
            Tensor probs = forward(gather(x, index, start, B), false);
            int[] yb = gatherLabels(labels, index, start, B);
            lossSum += SoftmaxCrossEntropy.lossAndGradient(probs.data(), yb, B, classes(), null) * B;
            correct += SoftmaxCrossEntropy.correct(probs.data(), yb, B, classes());
        }
        return new Evaluation(lossSum / n, correct / (double) n);
    }

    /**
     * Trains for epochs initialEpoch .. epochs-1 (Keras' meaning of epochs and initial_epoch), shuffling each epoch,
     * in mini-batches of batchSize (the last one shorter when N is not a multiple). Epoch loss/acc are the
     * sample-weighted means of the batch values; val_loss/val_acc come from {@link #evaluate} after each complete
     * epoch when xVal is not null. Callbacks run in the order given, then the returned History.
     *
     * @throws NonFiniteLossException when a batch loss is NaN/infinite and no callback set {@link #stopTraining}
     */
    public History fit(Tensor x, int[] y, Tensor xVal, int[] yVal, int epochs, int batchSize, int initialEpoch,
                       List<Callback> callbacks) {
        requireCompiled();
        int n = checkInputs(x, "fit");
        checkLabels(y, n, "fit");
        checkBatchSize(batchSize, "fit");
        if (xVal != null) {
            checkLabels(yVal, checkInputs(xVal, "fit (validation)"), "fit (validation)");
        }
        if (initialEpoch < 0 || epochs < initialEpoch) {
            throw new IllegalArgumentException("fit: need 0 <= initialEpoch <= epochs, got initialEpoch=" + initialEpoch
                    + ", epochs=" + epochs);
        }
        History history = new History();
        List<Callback> all = new ArrayList<>(callbacks == null ? List.of() : callbacks);
        all.add(history);
        stopTraining = false;
        for (Callback cb : all) {
            cb.setModel(this);
        }
        for (Callback cb : all) {
            cb.onTrainBegin();
        }
        int[] index = new int[n];
        for (int epoch = initialEpoch; epoch < epochs && !stopTraining; epoch++) {
            for (Callback cb : all) {
                cb.onEpochBegin(epoch);
            }
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            new Rng(Rng.hash(seed, SHUFFLE_STREAM, epoch)).shuffle(index);
            double lossSum = 0;
            double accSum = 0;
            int seen = 0;
            boolean complete = true;
            int batches = (n + batchSize - 1) / batchSize;
            for (int batch = 0; batch < batches; batch++) {
                int start = batch * batchSize;
                int B = Math.min(batchSize, n - start);
                for (Callback cb : all) {
                    cb.onBatchBegin(batch);
                }
                double[] r = trainOnBatch(gather(x, index, start, B), gatherLabels(y, index, start, B));
                lossSum += r[0] * B;
                accSum += r[1] * B;
                seen += B;
                Map<String, Double> batchLogs = new LinkedHashMap<>();
                batchLogs.put("batch", (double) batch);
                batchLogs.put("size", (double) B);
                batchLogs.put("loss", r[0]);
                batchLogs.put("acc", r[1]);
                for (Callback cb : all) {
                    cb.onBatchEnd(batch, batchLogs);
                }
                if (!Double.isFinite(r[0]) && !stopTraining) {
                    throw new NonFiniteLossException(diagnose(epoch, batch, r[0]));
                }
                if (stopTraining) {
                    complete = batch == batches - 1;
                    break;
                }
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            logs.put("acc", accSum / seen);
            if (xVal != null && complete) {
                Evaluation v = evaluate(xVal, yVal, batchSize);
                logs.put("val_loss", v.loss());
                logs.put("val_acc", v.accuracy());
            }
            logs.put("lr", optimizer.lr());
            for (Callback cb : all) {
                cb.onEpochEnd(epoch, logs);
            }
        }
        for (Callback cb : all) {
            cb.onTrainEnd();
        }
        return history;
    }

    /** Names the first layer whose last output held a NaN or infinity. */
    private String diagnose(int epoch, int batch, double loss) {
        String where = "every layer output is finite";
        if (lastInput != null && !allFinite(lastInput.data())) {
            return "fit: epoch " + (epoch + 1) + ", batch " + batch + ": loss is " + loss
                    + "; the input batch of shape " + lastInput.shapeString() + " holds NaN or infinite values";
        }
        for (int i = 0; i < layers.size(); i++) {
            Tensor out = lastOutputs[i];
            if (out != null && !allFinite(out.data())) {
                Layer l = layers.get(i);
                where = "first non-finite values in the output of " + l.name() + " (" + l.kerasClassName()
                        + ") of shape " + out.shapeString();
                break;
            }
        }
        return "fit: epoch " + (epoch + 1) + ", batch " + batch + ": loss is " + loss + "; " + where
                + " (weights left unchanged for this batch; add TerminateOnNaN to stop without an exception)";
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
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

    private static int[] identity(int n) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        return index;
    }

    /** Copies samples index[start .. start+B) of x into a reused [B, inputShape...] buffer. */
    private Tensor gather(Tensor x, int[] index, int start, int B) {
        int sampleSize = x.size() / x.dim(0);
        Tensor batch = batchInputs.computeIfAbsent(B, b -> {
            int[] shape = new int[inputShape.length + 1];
            shape[0] = b;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            return Tensor.zeros(shape);
        });
        for (int b = 0; b < B; b++) {
            System.arraycopy(x.data(), index[start + b] * sampleSize, batch.data(), b * sampleSize, sampleSize);
        }
        return batch;
    }

    private int[] gatherLabels(int[] labels, int[] index, int start, int B) {
        if (batchLabels.length != B) {
            batchLabels = new int[B];
        }
        for (int b = 0; b < B; b++) {
            batchLabels[b] = labels[index[start + b]];
        }
        return batchLabels;
    }
}
