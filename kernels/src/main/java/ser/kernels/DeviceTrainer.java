package ser.kernels;

import java.util.ArrayList;
import java.util.List;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.Layer;
import ser.engine.models.Sequential;
import ser.engine.optim.Optimizer;
import ser.engine.optim.SGD;
import ser.engine.train.Evaluation;
import ser.engine.train.Trainable;

/**
 * A {@link Sequential} trained on an OpenCL device with everything it learns kept there: weights, SGD velocities,
 * BatchNormalization's moving statistics, and each step's activations and gradients. Per batch the input and the
 * labels go up and two numbers come down (the loss sum and the number right), which the SGD update waits for so
 * that a non-finite loss leaves the weights unchanged, as on the CPU. {@link #toHost()} copies what was learnt back
 * into the host model (for checkpoints and at the end).
 *
 * <p>The host model keeps what is a scalar: the optimiser's learning rate and iteration count (so learning-rate
 * callbacks work unchanged), BatchNormalization's step count and the dropout seeds. The step mirrors
 * {@code Sequential.computeGradients} and {@code trainOnBatch} kernel for kernel, each of which equals its CPU
 * layer (LayerKernelsTest), so a run agrees with the CPU backend's to float rounding. Deterministic: no kernel
 * uses atomics or a reduction whose order depends on scheduling.
 *
 * <p>Not thread-safe; one trainer per model, closed when done.
 */
public final class DeviceTrainer implements Trainable, AutoCloseable {

    private final Sequential model;
    private final SGD sgd;
    private final LayerKernels k;
    private final List<DeviceLayer> layers = new ArrayList<>();   // every layer but the final softmax
    private final List<DeviceParameter> parameters = new ArrayList<>();
    private final List<DeviceArray> owned = new ArrayList<>();           // the trainer's own buffers
    private final int maxBatch, perSample, classes;
    private final DeviceArray input, labels, probs, dLogits, losses, hits, totals;
    private final DeviceArray[] outputs;   // each layer's output of the last forward (read only to diagnose a NaN)
    private final double[] totalsHost = new double[2];
    private Tensor lastInput;
    private int lastBatch;

    private DeviceTrainer(Sequential model, OpenClBackend backend, int maxBatch) {
        this.model = model;
        if (!(model.optimizer() instanceof SGD s)) {
            throw new IllegalArgumentException("the OpenCL trainer runs SGD only; this model is compiled with "
                    + (model.optimizer() == null ? "no optimiser" : model.optimizer().config()));
        }
        this.sgd = s;
        List<Layer> host = model.layers();
        Layer last = host.get(host.size() - 1);
        if (!(last instanceof Activation a) || !"softmax".equals(a.activation())) {
            throw new IllegalArgumentException("the OpenCL trainer needs a final Activation('softmax')");
        }
        this.maxBatch = maxBatch;
        this.perSample = DeviceLayer.size(model.inputShape());
        this.classes = model.classes();
        this.k = new LayerKernels(backend.context());
        OpenClContext cl = k.context();
        try {
            for (Layer l : host.subList(0, host.size() - 1)) {
                DeviceLayer d = DeviceLayer.of(l, backend, k, maxBatch, sgd.velocities());
                layers.add(d);
                parameters.addAll(d.parameters());
            }
            input = own(DeviceArray.floats(cl, "input", maxBatch * perSample));
            labels = own(DeviceArray.floats(cl, "labels", maxBatch));
            probs = own(DeviceArray.floats(cl, "probabilities", maxBatch * classes));
            dLogits = own(DeviceArray.floats(cl, "dlogits", maxBatch * classes));
            losses = own(DeviceArray.doubles(cl, "losses", maxBatch));
            hits = own(DeviceArray.floats(cl, "correct", maxBatch));
            totals = own(DeviceArray.doubles(cl, "totals", 2));
        } catch (RuntimeException e) {   // e.g. out of device memory: release what was allocated
            close();
            throw e;
        }
        this.outputs = new DeviceArray[host.size()];
    }

    /**
     * Uploads the model's current weights, velocities and moving statistics to the backend's device, with room for
     * batches of up to maxBatch samples.
     *
     * @throws IllegalArgumentException for a model the device trainer has no kernels for (SGD and the notebook's
     *                                  layer types only), naming the layer
     * @throws OpenClException          when the device cannot hold the model or the kernels do not run
     */
    public static DeviceTrainer open(Sequential model, OpenClBackend backend, int maxBatch) {
        return new DeviceTrainer(model, backend, maxBatch);
    }

    /** Why the device trainer cannot train this model (a layer or optimiser it has no kernels for), or null. */
    public static String unsupported(Sequential model) {
        if (!(model.optimizer() instanceof SGD)) {
            return "the OpenCL trainer runs SGD only";
        }
        List<Layer> host = model.layers();
        for (int i = 0; i < host.size(); i++) {
            Layer l = host.get(i);
            boolean softmax = l instanceof Activation a && "softmax".equals(a.activation());
            boolean known = l instanceof ser.engine.layers.Conv1D || l instanceof ser.engine.layers.BatchNormalization
                    || l instanceof Activation a2 && "relu".equals(a2.activation()) || l instanceof ser.engine.layers.Dropout
                    || l instanceof ser.engine.layers.MaxPooling1D || l instanceof ser.engine.layers.Flatten
                    || l instanceof ser.engine.layers.Dense;
            if (i == host.size() - 1 ? !softmax : !known) {
                return "the OpenCL trainer has no kernels for " + l.name() + " (" + l.kerasClassName() + ")";
            }
        }
        return null;
    }

    /** The host model this trainer mirrors. */
    public Sequential model() {
        return model;
    }

    // docs:begin device-step
    /** One SGD step on the device; returns {loss, accuracy} of the batch (accuracy of the training forward). */
    @Override
    public double[] trainOnBatch(Tensor x, int[] y) {
        int B = upload(x, y);
        DeviceArray p = forward(B, true, sgd.iterations());
        k.crossEntropy(p, labels, losses, hits, dLogits, B, classes);
        k.batchTotals(losses, hits, totals, B);
        DeviceArray g = dLogits;   // softmax's backward is fused into dLogits = (p - y) / B
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            g = layers.get(i).backward(g, B);
        }
        totals.read(totalsHost, 2);   // the only download of the step; waits for the backward
        double loss = totalsHost[0] / B;
        if (Double.isFinite(loss)) {
            float lrT = sgd.currentLr();
            for (DeviceParameter w : parameters) {
                k.sgdUpdate(w.value, w.grad, w.velocity, w.size(), lrT, (float) sgd.momentum(), sgd.nesterov());
            }
            sgd.setIterations(sgd.iterations() + 1);
        }
        return new double[] {loss, totalsHost[1] / B};
    }
    // docs:end device-step

    /** Mean loss and accuracy over x in inference mode, in batches of batchSize (at most the trainer's batch). */
    @Override
    public Evaluation evaluate(Tensor x, int[] y, int batchSize) {
        int n = x.dim(0);
        int step = Math.min(batchSize, maxBatch);
        ser.engine.Batcher batcher = new ser.engine.Batcher(model.inputShape());
        int[] index = ser.engine.Batcher.identity(n);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += step) {
            int B = Math.min(step, n - start);
            upload(batcher.gather(x, index, start, B), batcher.gatherLabels(y, index, start, B));
            DeviceArray p = forward(B, false, sgd.iterations());
            k.crossEntropy(p, labels, losses, hits, null, B, classes);
            k.batchTotals(losses, hits, totals, B);
            totals.read(totalsHost, 2);
            lossSum += totalsHost[0] / B * B;   // as Sequential.evaluate: the batch mean times B
            correct += (long) totalsHost[1];
        }
        return new Evaluation(lossSum / n, correct / (double) n);
    }

    private int upload(Tensor x, int[] y) {
        int B = x.dim(0);
        if (B > maxBatch) {
            throw new IllegalArgumentException("batch of " + B + " samples; this trainer holds at most " + maxBatch);
        }
        input.write(x.data(), B * perSample);
        labels.write(y, B);
        lastInput = x;
        lastBatch = B;
        return B;
    }

    /** The forward of every layer, then the softmax; returns the probabilities. */
    private DeviceArray forward(int B, boolean training, long step) {
        DeviceArray h = input;
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h, B, training, step);
            outputs[i] = h;
        }
        k.softmaxForward(h, probs, B, classes);
        outputs[layers.size()] = probs;
        return probs;
    }

    /** Copies the weights, velocities and moving statistics from the device into the host model. */
    public void toHost() {
        for (DeviceLayer l : layers) {
            l.toHost(sgd.velocities());
        }
    }

    @Override
    public long seed() {
        return model.seed();
    }

    @Override
    public int[] inputShape() {
        return model.inputShape();
    }

    @Override
    public Optimizer optimizer() {
        return sgd;
    }

    @Override
    public List<Layer> layers() {
        return model.layers();
    }

    @Override
    public Tensor lastInput() {
        return lastInput;
    }

    /** Layer i's output of the last forward, read from the device (FitLoop asks only to diagnose a NaN loss). */
    @Override
    public Tensor lastOutput(int i) {
        if (i >= outputs.length || outputs[i] == null) {
            return null;
        }
        int[] shape = model.layers().get(i).outputShape();
        int[] withBatch = new int[shape.length + 1];
        withBatch[0] = lastBatch;
        System.arraycopy(shape, 0, withBatch, 1, shape.length);
        float[] data = new float[lastBatch * DeviceLayer.size(shape)];
        outputs[i].read(data, data.length);
        return Tensor.of(data, withBatch);
    }

    private DeviceArray own(DeviceArray a) {
        owned.add(a);
        return a;
    }

    @Override
    public void close() {
        layers.forEach(DeviceLayer::close);
        owned.forEach(DeviceArray::close);
    }
}
