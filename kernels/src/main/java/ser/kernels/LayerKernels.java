package ser.kernels;

import org.jocl.cl_kernel;

/**
 * The kernels of {@code layers.cl} (ReLU, Dropout, MaxPooling1D, BatchNormalization, Dense, softmax with
 * cross-entropy, SGD), one method each, on {@link DeviceArray}s in the CPU layers' layouts. Launches are queued
 * (in order) and return at once; a {@link DeviceArray#read} waits for them.
 *
 * <p>Built with {@code -cl-fp32-correctly-rounded-divide-sqrt}: OpenCL otherwise lets a device's float division be
 * 2.5 ulp off, and the divisions here (dropout's 1 / keep_prob, the softmax) would then drift from the CPU's.
 */
final class LayerKernels {

    static final String PROGRAM = "layers.cl";
    static final String OPTIONS = "-cl-fp32-correctly-rounded-divide-sqrt";
    private static final int GROUP = 64;

    private final OpenClContext cl;
    private final String source;
    private final long group;

    LayerKernels(OpenClContext cl) {
        this.cl = cl;
        this.source = OpenClContext.resource(PROGRAM);
        this.group = Math.min(GROUP, cl.device().maxWorkGroupSize());
        cl.kernel(PROGRAM, source, OPTIONS, "fill_zero");   // builds the program now, so a failure shows at open
    }

    OpenClContext context() {
        return cl;
    }

    /** Runs kernel over n work-items (rounded up to whole groups; every kernel ignores the ones past n). */
    private void run(String kernel, int n, Object... args) {
        cl_kernel k = cl.kernel(PROGRAM, source, OPTIONS, kernel);
        long groups = (Math.max(n, 1) + group - 1) / group;
        cl.launch(k, kernel, new long[] {groups * group}, new long[] {group}, args);
    }

    void fillZero(DeviceArray a, int n) {
        run("fill_zero", n, a, n);
    }

    void reluForward(DeviceArray x, DeviceArray y, int n) {
        run("relu_forward", n, x, y, n);
    }

    void reluBackward(DeviceArray y, DeviceArray dy, DeviceArray dx, int n) {
        run("relu_backward", n, y, dy, dx, n);
    }

    /** The mask of Dropout(rate) at this step: keep iff the hash's top 24 bits are >= ceil(rate * 2^24). */
    void dropoutForward(DeviceArray x, DeviceArray mask, DeviceArray y, int n, long seed, long step, double rate) {
        long threshold = (long) Math.ceil((float) rate * 0x1.0p24);
        run("dropout_forward", n, x, mask, y, n, seed, step, threshold, (float) (1.0 - rate));
    }

    void dropoutBackward(DeviceArray mask, DeviceArray dy, DeviceArray dx, int n, double rate) {
        run("dropout_backward", n, mask, dy, dx, n, (float) (1.0 - rate));
    }

    void maxPoolForward(DeviceArray x, DeviceArray y, DeviceArray argmax, int B, int T, int C, int U, int pool,
                        int stride) {
        run("maxpool_forward", B * U * C, x, y, argmax, B, T, C, U, pool, stride);
    }

    void maxPoolBackward(DeviceArray dy, DeviceArray argmax, DeviceArray dx, int B, int T, int C, int U, int pool,
                         int stride) {
        run("maxpool_backward", B * T * C, dy, argmax, dx, B, T, C, U, pool, stride);
    }

    /** Per-channel batch statistics and the moving averages; see layers.cl for the arguments. */
    void batchNormStatistics(DeviceArray x, DeviceArray mean, DeviceArray invStd, DeviceArray movingMean,
                             DeviceArray movingVar, DeviceArray biasedMean, DeviceArray biasedVar, int N, int C,
                             double epsilon, float d, float unbias, float debias, boolean zeroDebias) {
        run("batchnorm_statistics", C, x, mean, invStd, movingMean, movingVar, biasedMean, biasedVar, N, C, epsilon,
                d, unbias, debias, zeroDebias ? 1 : 0);
    }

    void batchNormNormalize(DeviceArray x, DeviceArray mean, DeviceArray invStd, DeviceArray gamma, DeviceArray beta,
                            DeviceArray xhat, DeviceArray y, int n, int C) {
        run("batchnorm_normalize", n, x, mean, invStd, gamma, beta, xhat, y, n, C);
    }

    void batchNormInference(DeviceArray x, DeviceArray movingMean, DeviceArray movingVar, DeviceArray gamma,
                            DeviceArray beta, DeviceArray y, int n, int C, double epsilon) {
        run("batchnorm_inference", n, x, movingMean, movingVar, gamma, beta, y, n, C, epsilon);
    }

    void batchNormBackwardSums(DeviceArray dy, DeviceArray xhat, DeviceArray gamma, DeviceArray invStd,
                               DeviceArray dgamma, DeviceArray dbeta, DeviceArray scale, DeviceArray meanG,
                               DeviceArray meanGXhat, int N, int C) {
        run("batchnorm_backward_sums", C, dy, xhat, gamma, invStd, dgamma, dbeta, scale, meanG, meanGXhat, N, C);
    }

    void batchNormBackwardDx(DeviceArray dy, DeviceArray xhat, DeviceArray scale, DeviceArray meanG,
                             DeviceArray meanGXhat, DeviceArray dx, int n, int C) {
        run("batchnorm_backward_dx", n, dy, xhat, scale, meanG, meanGXhat, dx, n, C);
    }

    void denseForward(DeviceArray x, DeviceArray w, DeviceArray bias, DeviceArray y, int B, int N, int units) {
        run("dense_forward", B * units, x, w, bias, y, B, N, units);
    }

    void denseBackwardInput(DeviceArray dy, DeviceArray w, DeviceArray dx, int B, int N, int units) {
        run("dense_backward_input", B * N, dy, w, dx, B, N, units);
    }

    /** dW and dbias written (not added): the device trainer computes each gradient once per step. */
    void denseBackwardWeights(DeviceArray x, DeviceArray dy, DeviceArray dw, DeviceArray dbias, int B, int N,
                              int units) {
        run("dense_backward_weights", (N + 1) * units, x, dy, dw, dbias, B, N, units);
    }

    void softmaxForward(DeviceArray z, DeviceArray p, int B, int K) {
        run("softmax_forward", B, z, p, B, K);
    }

    /** Per-sample losses and hits; dz = (p - y) / B unless dz is null. */
    void crossEntropy(DeviceArray p, DeviceArray labels, DeviceArray loss, DeviceArray correct, DeviceArray dz,
                      int B, int K) {
        run("cross_entropy", B, p, labels, loss, correct, dz == null ? p : dz, B, K, dz == null ? 0 : 1);
    }

    /** totals[0] = the sum of the B losses (in order), totals[1] = the number correct. */
    void batchTotals(DeviceArray loss, DeviceArray correct, DeviceArray totals, int B) {
        run("batch_totals", 1, loss, correct, totals, B);
    }

    void sgdUpdate(DeviceArray p, DeviceArray g, DeviceArray v, int n, float lrT, float momentum, boolean nesterov) {
        run("sgd_update", n, p, g, v, n, lrT, momentum, nesterov ? 1 : 0);
    }
}
