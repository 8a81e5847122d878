package ser.engine.layers;

import static ser.engine.concurrent.Parallel.GRAIN;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.concurrent.Parallel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over the last axis (Keras {@code BatchNormalization(axis=-1)}), after Ioffe and Szegedy,
 * "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift" (2015).
 *
 * <p>Input and output shape: (batch, ..., channels); the statistics of channel c run over all N = B*T rows.
 * Weights (C) each: gamma (ones), beta (zeros), moving_mean (zeros, not trainable), moving_variance (ones, not
 * trainable).
 *
 * <p>Training forward, per channel (sums in double, results stored in float):
 * <pre>
 *   mean = (1/N) sum_n x_n        var = (1/N) sum_n (x_n - mean)^2      (biased, used to normalise)
 *   invStd = 1 / sqrt(var + epsilon),   xhat_n = (x_n - mean) invStd,   y_n = gamma xhat_n + beta
 * </pre>
 * The moving statistics follow each batch's mean and var N / (N - (1 + epsilon)) (Keras 2.2.4's factor, its
 * normalization.py, "sample variance - unbiased estimator"), with Keras 2.2.4's TensorFlow backend rule,
 * {@code assign_moving_average(moving, value, momentum, zero_debias=True)}: a biased average that starts at 0 and a
 * step count t (TensorFlow's "biased" and "local_step" variables), every operation in float32 with d = 1 - momentum:
 * <pre>
 *   biased  -= (biased - value) d
 *   t       += 1
 *   moving  -= moving - biased / (1 - (1 - d)^t)        (= biased_t / (1 - momentum^t): after step 1, the batch's value)
 * </pre>
 * With {@code zero_debias=false} (a setting of this layer; PyTorch-like, no debiasing, Keras' rule with TensorFlow's
 * zero_debias off) the moving value itself is the average, starting from moving_mean 0 and moving_variance 1:
 * {@code moving -= (moving - value) d}.
 *
 * <p>Inference forward: y = x inv + (beta - moving_mean inv) with inv = gamma / sqrt(moving_variance + epsilon), the
 * order of operations of tf.nn.batch_normalization.
 *
 * <p>Training backward. With g_n = dy_n: dbeta = sum g_n, dgamma = sum g_n xhat_n, and since mean and var depend
 * on every x_n,
 * <pre>
 *   dxhat_n = g_n gamma
 *   dx_n = invStd ( dxhat_n - (1/N) sum_m dxhat_m - xhat_n (1/N) sum_m dxhat_m xhat_m )
 *          term 1: direct path   term 2: through mean    term 3: through var
 *        = gamma invStd ( g_n - mean(g) - xhat_n mean(g xhat) )      (gamma is per channel: factor it out)
 * </pre>
 * (derivation in docs/batchnorm.md). After an inference forward, backward treats the moving statistics as
 * constants: dx_n = g_n gamma / sqrt(moving_variance + epsilon).
 */
public final class BatchNormalization extends Layer {

    private final double momentum;
    private final double epsilon;
    private final boolean zeroDebias;

    private Weight gamma;
    private Weight beta;
    private Weight movingMean;
    private Weight movingVariance;
    private int channels;
    // zero-debiasing state (TensorFlow's shadow variables): saved with the model, not Keras weights
    private Tensor biasedMean;      // (C)
    private Tensor biasedVariance;  // (C)
    private Tensor localStep;       // (1) float32, as TensorFlow keeps it
    private float debias;           // 1 - (1 - d)^t of the current training step

    // caches for backward, from the last forward
    private float[] mean;      // (C) batch mean (training) or moving mean (inference)
    private float[] invStd;    // (C) 1/sqrt(var + eps) of the statistics used
    private Tensor xhat;       // [N, C] normalised input
    private boolean lastTraining;
    // per-channel scratch, allocated once in build
    private double[] sumA;
    private double[] sumB;
    private float[] scaleScratch;                // gamma invStd
    private float[] shiftScratch;
    private float[] meanGScratch;
    private float[] meanGXhatScratch;
    private int lastBatch;

    /** Keras defaults: momentum 0.99, epsilon 1e-3, TensorFlow's zero-debiased moving statistics. */
    public BatchNormalization() {
        this(0.99, 1e-3);
    }

    /** Zero-debiased moving statistics, as Keras 2.2.4 with TensorFlow. */
    public BatchNormalization(double momentum, double epsilon) {
        this(momentum, epsilon, true);
    }

    /** zeroDebias false: the plain moving average (no debiasing), e.g. to follow PyTorch's running statistics. */
    public BatchNormalization(double momentum, double epsilon, boolean zeroDebias) {
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNormalization: need 0 <= momentum <= 1 and epsilon > 0, got momentum="
                    + momentum + ", epsilon=" + epsilon);
        }
        if (zeroDebias && momentum == 1) {
            throw new IllegalArgumentException("BatchNormalization: momentum 1 with zero_debias divides by "
                    + "1 - momentum^t = 0; use zero_debias=false to keep the moving statistics fixed");
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.zeroDebias = zeroDebias;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    /** Whether the moving statistics are zero-debiased (TensorFlow's rule) or the plain average. */
    public boolean zeroDebias() {
        return zeroDebias;
    }

    @Override
    public String kerasClassName() {
        return "BatchNormalization";
    }

    @Override
    public String baseName() {
        return "batch_normalization";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("axis", -1).put("momentum", momentum)
                .put("epsilon", epsilon).put("zero_debias", zeroDebias).build();
    }

    /**
     * BatchNormalization(axis=-1, momentum, epsilon, zero_debias) from its config. A config without zero_debias was
     * written before the layer had it, by a model trained with the plain rule: it gets the plain rule.
     */
    public static BatchNormalization fromConfig(LayerConfig c) {
        c.requireOnly("axis", "momentum", "epsilon", "zero_debias");
        if (c.getInt("axis") != -1) {
            throw new IllegalArgumentException("BatchNormalization " + c.name() + ": only axis=-1 (channels last) is "
                    + "supported, got axis=" + c.getInt("axis"));
        }
        return new BatchNormalization(c.getDouble("momentum"), c.getDouble("epsilon"), c.getBoolean("zero_debias", false));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length < 1 || in[in.length - 1] < 1) {
            throw new IllegalArgumentException(describe() + ": needs a channel axis, got input " + shapeWithBatch(in));
        }
        return in;
    }

    @Override
    protected void createWeights(int[] in, Rng rng) {
        channels = in[in.length - 1];
        gamma = new Weight(name(), "gamma", true, channels);
        beta = new Weight(name(), "beta", true, channels);
        movingMean = new Weight(name(), "moving_mean", false, channels);
        movingVariance = new Weight(name(), "moving_variance", false, channels);
        java.util.Arrays.fill(gamma.value().data(), 1f);
        java.util.Arrays.fill(movingVariance.value().data(), 1f);
        biasedMean = Tensor.zeros(channels);
        biasedVariance = Tensor.zeros(channels);
        localStep = Tensor.zeros(1);
        mean = new float[channels];
        invStd = new float[channels];
        sumA = new double[channels];
        sumB = new double[channels];
        scaleScratch = new float[channels];
        shiftScratch = new float[channels];
        meanGScratch = new float[channels];
        meanGXhatScratch = new float[channels];
    }

    @Override
    public List<Weight> weights() {
        return List.of(gamma, beta, movingMean, movingVariance);
    }

    public Weight gamma() {
        return gamma;
    }

    public Weight beta() {
        return beta;
    }

    public Weight movingMean() {
        return movingMean;
    }

    public Weight movingVariance() {
        return movingVariance;
    }

    /**
     * TensorFlow's zero-debiasing variables, saved with the model so a resumed run debiases on: the biased averages
     * "moving_mean/biased", "moving_variance/biased" (C) and the step count "local_step" (1); empty with the plain
     * rule.
     */
    @Override
    public Map<String, Tensor> state() {
        if (!zeroDebias) {
            return Map.of();
        }
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("moving_mean/biased", biasedMean);
        s.put("moving_variance/biased", biasedVariance);
        s.put("local_step", localStep);
        return s;
    }

    /** Training steps the moving statistics have seen (TensorFlow's local_step; 0 with the plain rule). */
    public long steps() {
        return (long) localStep.data()[0];
    }

    /** Per-channel mean used by the last forward (batch mean in training, moving mean at inference). */
    public float[] lastMean() {
        return mean;
    }

    /** Per-channel 1/sqrt(var + epsilon) used by the last forward. */
    public float[] lastInvStd() {
        return invStd;
    }

    /** The normalised input of the last forward, [B, ..., C]. */
    public Tensor lastXhat() {
        return xhat;
    }

    // docs:begin batchnorm-forward
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        int N = x.size() / channels;             // rows: every position of every sample
        Tensor y = outputBuffer("y", B);
        xhat = outputBuffer("xhat", B);
        if (training && zeroDebias) {            // once per step, before the channels split: t += 1, 1 - (1 - d)^t
            float d = (float) (1.0 - momentum);
            localStep.data()[0] += 1f;
            debias = 1f - (float) Math.pow(1f - d, localStep.data()[0]);
        }
        // Every quantity is per channel, so the channels split over the threads; each channel's sums still run
        // over n = 0..N-1 in order, which keeps the bits independent of the thread count.
        Parallel.forRange(channels, Math.max(1, GRAIN / N), (c0, c1) -> {
            if (training) {
                normaliseWithBatchStatistics(x.data(), y.data(), N, c0, c1);
            } else {
                normaliseWithMovingStatistics(x.data(), y.data(), N, c0, c1);
            }
        });
        lastTraining = training;
        lastBatch = B;
        return y;
    }

    /** Training: batch mean and biased variance of channels [c0, c1), moving averages, xhat and y. */
    private void normaliseWithBatchStatistics(float[] in, float[] out, int N, int c0, int c1) {
        int C = channels;
        float[] xh = xhat.data();
        float[] g = gamma.value().data();
        float[] be = beta.value().data();
        double[] sum = sumA;
        double[] sq = sumB;
        java.util.Arrays.fill(sum, c0, c1, 0.0);
        java.util.Arrays.fill(sq, c0, c1, 0.0);
        for (int n = 0; n < N; n++) {
            for (int c = c0; c < c1; c++) {
                sum[c] += in[n * C + c];
            }
        }
        for (int c = c0; c < c1; c++) {
            mean[c] = (float) (sum[c] / N);
        }
        for (int n = 0; n < N; n++) {            // two passes: var from (x - mean)^2, exact even when mean >> std
            for (int c = c0; c < c1; c++) {
                double d = in[n * C + c] - (double) mean[c];
                sq[c] += d * d;
            }
        }
        float[] mm = movingMean.value().data();
        float[] mv = movingVariance.value().data();
        float d = (float) (1.0 - momentum);
        float unbias = (float) N / ((float) N - (float) (1.0 + epsilon)); // Keras 2.2.4's factor
        float[] bm = biasedMean.data();
        float[] bv = biasedVariance.data();
        for (int c = c0; c < c1; c++) {
            float var = (float) (sq[c] / N);                  // biased: normalises this batch
            invStd[c] = (float) (1.0 / Math.sqrt(var + epsilon));
            float sampleVar = var * unbias;
            if (zeroDebias) {                                  // TensorFlow's _zero_debias, in its order
                bm[c] -= (bm[c] - mean[c]) * d;
                bv[c] -= (bv[c] - sampleVar) * d;
                mm[c] -= mm[c] - bm[c] / debias;
                mv[c] -= mv[c] - bv[c] / debias;
            } else {
                mm[c] -= (mm[c] - mean[c]) * d;
                mv[c] -= (mv[c] - sampleVar) * d;
            }
        }
        for (int n = 0; n < N; n++) {
            for (int c = c0; c < c1; c++) {
                int i = n * C + c;
                xh[i] = (in[i] - mean[c]) * invStd[c];
                out[i] = g[c] * xh[i] + be[c];
            }
        }
    }

    /** Inference: y = x inv + (beta - moving_mean inv) for channels [c0, c1), as tf.nn.batch_normalization. */
    private void normaliseWithMovingStatistics(float[] in, float[] out, int N, int c0, int c1) {
        int C = channels;
        float[] xh = xhat.data();
        float[] g = gamma.value().data();
        float[] be = beta.value().data();
        float[] mm = movingMean.value().data();
        float[] mv = movingVariance.value().data();
        float[] scale = scaleScratch;
        float[] shift = shiftScratch;
        for (int c = c0; c < c1; c++) {
            mean[c] = mm[c];
            invStd[c] = (float) (1.0 / Math.sqrt(mv[c] + epsilon));
            scale[c] = invStd[c] * g[c];
            shift[c] = be[c] - mm[c] * scale[c];
        }
        for (int n = 0; n < N; n++) {
            for (int c = c0; c < c1; c++) {
                int i = n * C + c;
                xh[i] = (in[i] - mean[c]) * invStd[c];
                out[i] = in[i] * scale[c] + shift[c];
            }
        }
    }
    // docs:end batchnorm-forward

    // docs:begin batchnorm-backward
    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, lastBatch);
        int N = dy.size() / channels;
        Tensor dx = inputBuffer("dx", lastBatch);
        Parallel.forRange(channels, Math.max(1, GRAIN / N), (c0, c1) -> backward(dy.data(), dx.data(), N, c0, c1));
        return dx;
    }

    /** dgamma, dbeta and dx of channels [c0, c1); each channel's sums run over n in order, as in forward. */
    private void backward(float[] g, float[] dx, int N, int c0, int c1) {
        int C = channels;
        float[] xh = xhat.data();
        float[] gam = gamma.value().data();
        double[] sumDy = sumA;                   // = dbeta
        double[] sumDyXhat = sumB;               // = dgamma
        java.util.Arrays.fill(sumDy, c0, c1, 0.0);
        java.util.Arrays.fill(sumDyXhat, c0, c1, 0.0);
        for (int n = 0; n < N; n++) {
            for (int c = c0; c < c1; c++) {
                sumDy[c] += g[n * C + c];
                sumDyXhat[c] += g[n * C + c] * (double) xh[n * C + c];
            }
        }
        float[] dGamma = gamma.grad().data();
        float[] dBeta = beta.grad().data();
        for (int c = c0; c < c1; c++) {
            dBeta[c] += (float) sumDy[c];
            dGamma[c] += (float) sumDyXhat[c];
        }
        // dxhat = g gamma, so dx = gamma invStd (g - mean(g) - xhat mean(g xhat)); with moving statistics
        // (inference) mean and variance are constants and only the first term remains.
        float[] scale = scaleScratch;            // gamma invStd
        float[] meanG = meanGScratch;            // mean(g)          (term 2, through the mean)
        float[] meanGXhat = meanGXhatScratch;    // mean(g xhat)     (term 3, through the variance)
        for (int c = c0; c < c1; c++) {
            scale[c] = gam[c] * invStd[c];
            meanG[c] = lastTraining ? (float) (sumDy[c] / N) : 0f;
            meanGXhat[c] = lastTraining ? (float) (sumDyXhat[c] / N) : 0f;
        }
        for (int n = 0; n < N; n++) {
            for (int c = c0; c < c1; c++) {
                int i = n * C + c;
                dx[i] = scale[c] * (g[i] - meanG[c] - xh[i] * meanGXhat[c]);
            }
        }
    }
    // docs:end batchnorm-backward
}
