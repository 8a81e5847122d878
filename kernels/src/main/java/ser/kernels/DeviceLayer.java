package ser.kernels;

import java.util.List;
import java.util.Map;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;

/**
 * One layer of a model with its tensors on the device, mirroring the host layer it was made from: the same
 * forward and backward, on {@link DeviceArray}s of room for {@code maxBatch} samples. Parameter gradients are
 * written, not added: the device trainer computes each once per step, so there is nothing to zero between steps
 * (except where a kernel adds, as the convolution's does).
 */
interface DeviceLayer extends AutoCloseable {

    /** The output for a batch of B in x (a buffer of this layer, or x itself); step counts training steps. */
    DeviceArray forward(DeviceArray x, int B, boolean training, long step);

    /** dL/dx for dL/dy of the last forward, or null when the host layer needs no input gradient. */
    DeviceArray backward(DeviceArray dy, int B);

    /** The trainable weights on the device, in the host layer's order. */
    default List<DeviceParameter> parameters() {
        return List.of();
    }

    /** Copies the device's copy of everything the layer learns into the host layer (and velocities into the map). */
    default void toHost(Map<String, float[]> velocities) {
        for (DeviceParameter p : parameters()) {
            p.toHost(velocities);
        }
    }

    @Override
    void close();

    /** The device form of a host layer; softmax is not a layer here (the trainer fuses it into the loss). */
    static DeviceLayer of(Layer layer, OpenClBackend conv, LayerKernels k, int maxBatch,
                          Map<String, float[]> velocities) {
        if (layer instanceof Conv1D c) {
            return new DeviceConv1D(c, conv, k, maxBatch, velocities);
        } else if (layer instanceof BatchNormalization bn) {
            return new DeviceBatchNormalization(bn, k, maxBatch, velocities);
        } else if (layer instanceof Activation a && "relu".equals(a.activation())) {
            return new DeviceRelu(a, k, maxBatch);
        } else if (layer instanceof Dropout d) {
            return new DeviceDropout(d, k, maxBatch);
        } else if (layer instanceof MaxPooling1D m) {
            return new DeviceMaxPooling1D(m, k, maxBatch);
        } else if (layer instanceof Flatten) {
            return new DeviceFlatten();
        } else if (layer instanceof Dense d) {
            return new DeviceDense(d, k, maxBatch, velocities);
        }
        throw new IllegalArgumentException("the OpenCL trainer has no kernels for " + layer.name() + " ("
                + layer.kerasClassName() + "); train this model with --backend cpu");
    }

    /** Elements per sample of a per-sample shape. */
    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
