package ser.kernels;

import java.util.List;
import java.util.Map;
import ser.engine.layers.Conv1D;

/** Conv1D on the device: the tiled kernels of conv1d.cl on buffers that stay there. */
final class DeviceConv1D implements DeviceLayer {

    private final Conv1D layer;
    private final OpenClBackend conv;
    private final LayerKernels k;
    private final DeviceParameter kernel;
    private final DeviceParameter bias;
    private final DeviceArray y;
    private final DeviceArray dx;
    private final int T, C, F, K, pad, U;
    private DeviceArray input;

    DeviceConv1D(Conv1D layer, OpenClBackend conv, LayerKernels k, int maxBatch, Map<String, float[]> velocities) {
        this.layer = layer;
        this.conv = conv;
        this.k = k;
        T = layer.inputShape()[0];
        C = layer.inputShape()[1];
        U = layer.outputShape()[0];
        F = layer.filters();
        K = layer.kernelSize();
        pad = layer.padLeft();
        OpenClContext cl = k.context();
        kernel = new DeviceParameter(cl, layer.kernel(), velocities);
        bias = new DeviceParameter(cl, layer.bias(), velocities);
        y = DeviceArray.floats(cl, layer.name() + "/y", maxBatch * U * F);
        dx = layer.inputGradientNeeded() ? DeviceArray.floats(cl, layer.name() + "/dx", maxBatch * T * C) : null;
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        conv.forward(x, kernel.value, bias.value, y, B, T, C, F, K, pad, U);
        input = x;
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        k.fillZero(kernel.grad, kernel.size());   // the weight-gradient kernels add
        k.fillZero(bias.grad, F);
        conv.backwardWeights(input, dy, kernel.grad, bias.grad, B, T, C, F, K, pad, U);
        if (dx == null) {
            return null;
        }
        conv.backwardInput(dy, kernel.value, dx, B, T, C, F, K, pad, U);
        return dx;
    }

    @Override
    public List<DeviceParameter> parameters() {
        return List.of(kernel, bias);
    }

    @Override
    public void close() {
        kernel.close();
        bias.close();
        y.close();
        if (dx != null) {
            dx.close();
        }
    }
}
