package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.gradcheck.LayerCases;
import ser.engine.gradcheck.Ref;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNormalizationTest {

    /**
     * The plain rule (zero_debias=false): moving_mean <- 0.99 m + 0.01 mean; moving_variance <- 0.99 v + 0.01 var *
     * N / (N - 1.001), with the biased batch variance var and N = B*T. Computed here in double from the data.
     */
    @Test
    void plainMovingStatistics() {
        int B = 2, T = 5, C = 3, N = B * T;
        Rng rng = new Rng(1);
        BatchNormalization bn = new BatchNormalization(0.99, 1e-3, false);
        bn.build(new int[] {T, C}, rng);
        float[] mm0 = {0.5f, -1f, 2f};
        float[] mv0 = {1.5f, 0.25f, 3f};
        bn.movingMean().set(mm0);
        bn.movingVariance().set(mv0);
        float[] x = LayerCases.uniform(rng, N * C);
        bn.forward(Tensor.of(x, B, T, C), true);
        double[][] moments = Ref.batchMoments(Ref.toDouble(x), C);
        for (int c = 0; c < C; c++) {
            double mean = moments[0][c];
            double var = moments[1][c];
            double expMean = 0.99 * mm0[c] + 0.01 * mean;
            double expVar = 0.99 * mv0[c] + 0.01 * var * N / (N - 1.001);
            assertEquals(expMean, bn.movingMean().value().data()[c], 1e-6);
            assertEquals(expVar, bn.movingVariance().value().data()[c], 1e-6);
        }
        assertTrue(bn.state().isEmpty());
        float[] mmAfter = bn.movingMean().value().data().clone();
        bn.forward(Tensor.of(x, B, T, C), false);         // inference must not touch the moving statistics
        assertArrayEquals(mmAfter, bn.movingMean().value().data());
    }

    /**
     * Keras 2.2.4 with TensorFlow: K.moving_average_update is assign_moving_average(..., zero_debias=True), which keeps
     * biased_t = momentum biased_{t-1} + (1 - momentum) value_t from biased_0 = 0 and sets the moving value to
     * biased_t / (1 - momentum^t) (tensorflow/python/training/moving_averages.py, _zero_debias). This reference
     * runs that formula in double over several batches of different data; the layer, in float32, must agree to
     * float32 rounding. The initial moving values play no part (TensorFlow overwrites them at step 1).
     */
    @Test
    void zeroDebiasedMovingStatisticsFollowTensorFlow() {
        int T = 4, C = 3;
        int[] batches = {2, 5, 3, 1, 4, 2};                  // N changes, so the variance factor changes too
        double momentum = 0.9;
        Rng rng = new Rng(7);
        BatchNormalization bn = new BatchNormalization(momentum, 1e-3);
        bn.build(new int[] {T, C}, rng);
        bn.movingMean().set(new float[] {5f, 5f, 5f});       // ignored by the zero-debiased rule
        double[] biasedMean = new double[C];
        double[] biasedVar = new double[C];
        for (int t = 1; t <= batches.length; t++) {
            int N = batches[t - 1] * T;
            float[] x = LayerCases.uniform(rng, N * C);
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * (1 + i % C) + t;                 // channels and steps of different scale and mean
            }
            bn.forward(Tensor.of(x, batches[t - 1], T, C), true);
            double[][] moments = Ref.batchMoments(Ref.toDouble(x), C);
            for (int c = 0; c < C; c++) {
                double sampleVar = moments[1][c] * N / (N - (1 + 1e-3));
                biasedMean[c] = momentum * biasedMean[c] + (1 - momentum) * moments[0][c];
                biasedVar[c] = momentum * biasedVar[c] + (1 - momentum) * sampleVar;
                double expMean = biasedMean[c] / (1 - Math.pow(momentum, t));
                double expVar = biasedVar[c] / (1 - Math.pow(momentum, t));
                assertEquals(expMean, bn.movingMean().value().data()[c], 1e-5 * Math.max(1, Math.abs(expMean)),
                        "moving_mean, step " + t + ", channel " + c);
                assertEquals(expVar, bn.movingVariance().value().data()[c], 1e-5 * Math.max(1, expVar),
                        "moving_variance, step " + t + ", channel " + c);
            }
            assertEquals(t, bn.steps());
            bn.forward(Tensor.of(x, batches[t - 1], T, C), false);   // inference counts no step
            assertEquals(t, bn.steps());
        }
    }

    /**
     * One step on one batch: the moving mean is that batch's mean (not 1% of it), the variance its sample variance,
     * to float32 rounding. TensorFlow's float32 arithmetic leaves a relative 9.5e-7 here: it divides biased = 0.01f mean
     * by 1 - (1 - 0.01f) = 1 - 0.99f = 0.00999999046..., not by 0.01f = 0.00999999977...
     */
    @Test
    void afterOneStepTheMovingMeanIsTheBatchMean() {
        int B = 4, T = 8, C = 5, N = B * T;
        Rng rng = new Rng(3);
        BatchNormalization bn = new BatchNormalization();
        bn.build(new int[] {T, C}, rng);
        float[] x = LayerCases.uniform(rng, N * C);
        for (int i = 0; i < x.length; i++) {
            x[i] += 2 + i % C;
        }
        bn.forward(Tensor.of(x, B, T, C), true);
        double[][] moments = Ref.batchMoments(Ref.toDouble(x), C);
        for (int c = 0; c < C; c++) {
            float mm = bn.movingMean().value().data()[c];
            float mv = bn.movingVariance().value().data()[c];
            assertEquals(moments[0][c], mm, 2e-6 * Math.abs(mm), "channel " + c);
            assertEquals(moments[1][c] * N / (N - 1.001), mv, 2e-6 * mv, "channel " + c);
        }
        assertEquals(List.of("moving_mean/biased", "moving_variance/biased", "local_step"),
                List.copyOf(bn.state().keySet()));
        assertEquals(1f, bn.state().get("local_step").data()[0]);
    }

    @Test
    void weightsHaveKerasNamesOrderAndTrainability() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(new int[] {4, 2}, new Rng(0));
        assertEquals("[batch_normalization/gamma(2,), batch_normalization/beta(2,), "
                + "batch_normalization/moving_mean(2,), batch_normalization/moving_variance(2,)]", bn.weights().toString());
        assertEquals(1f, bn.gamma().value().data()[0]);
        assertEquals(1f, bn.movingVariance().value().data()[1]);
        assertEquals(0f, bn.beta().value().data()[0]);
        assertEquals(false, bn.movingMean().trainable());
        assertEquals(null, bn.movingVariance().grad());
    }
}
