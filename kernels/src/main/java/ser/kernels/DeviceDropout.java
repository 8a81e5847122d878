package ser.kernels;

import ser.engine.layers.Dropout;

/** Dropout on the device, with the host layer's seed: the masks are the CPU's, element for element. */
final class DeviceDropout implements DeviceLayer {

    private final Dropout layer;
    private final LayerKernels k;
    private final int perSample;
    private final DeviceArray mask;
    private final DeviceArray y;
    private final DeviceArray dx;
    private boolean identity;

    DeviceDropout(Dropout layer, LayerKernels k, int maxBatch) {
        this.layer = layer;
        this.k = k;
        this.perSample = DeviceLayer.size(layer.inputShape());
        OpenClContext cl = k.context();
        this.mask = DeviceArray.floats(cl, layer.name() + "/mask", maxBatch * perSample);
        this.y = DeviceArray.floats(cl, layer.name() + "/y", maxBatch * perSample);
        this.dx = DeviceArray.floats(cl, layer.name() + "/dx", maxBatch * perSample);
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        identity = !training || layer.rate() == 0;
        if (identity) {
            return x;
        }
        k.dropoutForward(x, mask, y, B * perSample, layer.seed(), step, layer.rate());
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        if (identity) {
            return dy;
        }
        k.dropoutBackward(mask, dy, dx, B * perSample, layer.rate());
        return dx;
    }

    @Override
    public void close() {
        mask.close();
        y.close();
        dx.close();
    }
}
