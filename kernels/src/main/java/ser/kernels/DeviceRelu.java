package ser.kernels;

import ser.engine.layers.Activation;

/** Activation("relu") on the device. */
final class DeviceRelu implements DeviceLayer {

    private final LayerKernels k;
    private final int perSample;
    private final DeviceArray y;
    private final DeviceArray dx;

    DeviceRelu(Activation layer, LayerKernels k, int maxBatch) {
        this.k = k;
        this.perSample = DeviceLayer.size(layer.inputShape());
        this.y = DeviceArray.floats(k.context(), layer.name() + "/y", maxBatch * perSample);
        this.dx = DeviceArray.floats(k.context(), layer.name() + "/dx", maxBatch * perSample);
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        k.reluForward(x, y, B * perSample);
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        k.reluBackward(y, dy, dx, B * perSample);
        return dx;
    }

    @Override
    public void close() {
        y.close();
        dx.close();
    }
}
