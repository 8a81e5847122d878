package ser.kernels;

import ser.engine.layers.MaxPooling1D;

/** MaxPooling1D on the device; the argmax of each window stays there for the backward. */
final class DeviceMaxPooling1D implements DeviceLayer {

    private final MaxPooling1D layer;
    private final LayerKernels k;
    private final int T, C, U;
    private final DeviceArray y;
    private final DeviceArray argmax;
    private final DeviceArray dx;

    DeviceMaxPooling1D(MaxPooling1D layer, LayerKernels k, int maxBatch) {
        this.layer = layer;
        this.k = k;
        T = layer.inputShape()[0];
        C = layer.inputShape()[1];
        U = layer.outputShape()[0];
        OpenClContext cl = k.context();
        y = DeviceArray.floats(cl, layer.name() + "/y", maxBatch * U * C);
        argmax = DeviceArray.floats(cl, layer.name() + "/argmax", maxBatch * U * C);
        dx = DeviceArray.floats(cl, layer.name() + "/dx", maxBatch * T * C);
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        k.maxPoolForward(x, y, argmax, B, T, C, U, layer.poolSize(), layer.strides());
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        k.maxPoolBackward(dy, argmax, dx, B, T, C, U, layer.poolSize(), layer.strides());
        return dx;
    }

    @Override
    public void close() {
        y.close();
        argmax.close();
        dx.close();
    }
}
