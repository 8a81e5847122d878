package ser.kernels;

import java.util.List;
import java.util.Map;
import ser.engine.layers.Dense;

/** Dense on the device. */
final class DeviceDense implements DeviceLayer {

    private final Dense layer;
    private final LayerKernels k;
    private final DeviceParameter kernel;
    private final DeviceParameter bias;
    private final int N, units;
    private final DeviceArray y;
    private final DeviceArray dx;
    private DeviceArray input;

    DeviceDense(Dense layer, LayerKernels k, int maxBatch, Map<String, float[]> velocities) {
        this.layer = layer;
        this.k = k;
        N = layer.inputShape()[0];
        units = layer.units();
        OpenClContext cl = k.context();
        kernel = new DeviceParameter(cl, layer.kernel(), velocities);
        bias = new DeviceParameter(cl, layer.bias(), velocities);
        y = DeviceArray.floats(cl, layer.name() + "/y", maxBatch * units);
        dx = DeviceArray.floats(cl, layer.name() + "/dx", maxBatch * N);
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        k.denseForward(x, kernel.value, bias.value, y, B, N, units);
        input = x;
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        k.denseBackwardWeights(input, dy, kernel.grad, bias.grad, B, N, units);
        if (!layer.inputGradientNeeded()) {
            return null;
        }
        k.denseBackwardInput(dy, kernel.value, dx, B, N, units);
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
        dx.close();
    }
}
