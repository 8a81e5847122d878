package ser.kernels;

import java.util.List;
import java.util.Map;
import ser.engine.Tensor;
import ser.engine.layers.BatchNormalization;

/**
 * BatchNormalization on the device. The moving statistics and TensorFlow's biased averages live there; the step
 * count t of the zero-debiasing is a host scalar (the host layer's "local_step", advanced here as the CPU layer
 * advances it), so 1 - momentum^t is computed on the host, in the CPU's float arithmetic, and passed in.
 */
final class DeviceBatchNormalization implements DeviceLayer {

    private final BatchNormalization layer;
    private final LayerKernels k;
    private final int C, rowsPerSample;
    private final DeviceParameter gamma;
    private final DeviceParameter beta;
    private final DeviceArray movingMean, movingVar, biasedMean, biasedVar;
    private final DeviceArray mean, invStd, scale, meanG, meanGXhat;
    private final DeviceArray xhat, y, dx;

    DeviceBatchNormalization(BatchNormalization layer, LayerKernels k, int maxBatch, Map<String, float[]> velocities) {
        this.layer = layer;
        this.k = k;
        int[] shape = layer.inputShape();
        C = shape[shape.length - 1];
        rowsPerSample = DeviceLayer.size(shape) / C;
        OpenClContext cl = k.context();
        gamma = new DeviceParameter(cl, layer.gamma(), velocities);
        beta = new DeviceParameter(cl, layer.beta(), velocities);
        movingMean = DeviceArray.of(cl, layer.movingMean().path(), layer.movingMean().value().data());
        movingVar = DeviceArray.of(cl, layer.movingVariance().path(), layer.movingVariance().value().data());
        biasedMean = DeviceArray.of(cl, layer.name() + "/moving_mean/biased", hostState("moving_mean/biased"));
        biasedVar = DeviceArray.of(cl, layer.name() + "/moving_variance/biased", hostState("moving_variance/biased"));
        mean = DeviceArray.floats(cl, layer.name() + "/mean", C);
        invStd = DeviceArray.floats(cl, layer.name() + "/invStd", C);
        scale = DeviceArray.floats(cl, layer.name() + "/scale", C);
        meanG = DeviceArray.floats(cl, layer.name() + "/meanG", C);
        meanGXhat = DeviceArray.floats(cl, layer.name() + "/meanGXhat", C);
        int n = maxBatch * rowsPerSample * C;
        xhat = DeviceArray.floats(cl, layer.name() + "/xhat", n);
        y = DeviceArray.floats(cl, layer.name() + "/y", n);
        dx = DeviceArray.floats(cl, layer.name() + "/dx", n);
    }

    /** The host layer's zero-debiasing state (zeros with the plain rule, which does not use it). */
    private float[] hostState(String name) {
        Tensor t = layer.state().get(name);
        return t != null ? t.data() : new float[C];
    }

    @Override
    public DeviceArray forward(DeviceArray x, int B, boolean training, long step) {
        int N = B * rowsPerSample;
        if (!training) {
            k.batchNormInference(x, movingMean, movingVar, gamma.value, beta.value, y, N * C, C, layer.epsilon());
            return y;
        }
        float d = (float) (1.0 - layer.momentum());
        float debias = 1f;
        if (layer.zeroDebias()) {   // as the CPU layer: t += 1 (a float32), then 1 - (1 - d)^t
            float[] t = layer.state().get("local_step").data();
            t[0] += 1f;
            debias = 1f - (float) Math.pow(1f - d, t[0]);
        }
        float unbias = (float) N / ((float) N - (float) (1.0 + layer.epsilon()));
        k.batchNormStatistics(x, mean, invStd, movingMean, movingVar, biasedMean, biasedVar, N, C, layer.epsilon(),
                d, unbias, debias, layer.zeroDebias());
        k.batchNormNormalize(x, mean, invStd, gamma.value, beta.value, xhat, y, N * C, C);
        return y;
    }

    @Override
    public DeviceArray backward(DeviceArray dy, int B) {
        int N = B * rowsPerSample;
        k.batchNormBackwardSums(dy, xhat, gamma.value, invStd, gamma.grad, beta.grad, scale, meanG, meanGXhat, N, C);
        k.batchNormBackwardDx(dy, xhat, scale, meanG, meanGXhat, dx, N * C, C);
        return dx;
    }

    @Override
    public List<DeviceParameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public void toHost(Map<String, float[]> velocities) {
        DeviceLayer.super.toHost(velocities);
        movingMean.read(layer.movingMean().value().data(), C);
        movingVar.read(layer.movingVariance().value().data(), C);
        if (layer.zeroDebias()) {
            biasedMean.read(layer.state().get("moving_mean/biased").data(), C);
            biasedVar.read(layer.state().get("moving_variance/biased").data(), C);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable a : List.<AutoCloseable>of(gamma, beta, movingMean, movingVar, biasedMean, biasedVar, mean,
                invStd, scale, meanG, meanGXhat, xhat, y, dx)) {
            try {
                a.close();
            } catch (Exception ignored) {   // releasing a buffer does not fail in a way worth more than the others
            }
        }
    }
}
