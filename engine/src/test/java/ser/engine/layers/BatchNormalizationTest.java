package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.gradcheck.LayerCases;
import ser.engine.gradcheck.Ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchNormalizationTest {

    /**
     * Keras 2.2.4: moving_mean <- 0.99 m + 0.01 mean; moving_variance <- 0.99 v + 0.01 var * N / (N - 1.001), with
     * the biased batch variance var and N = B*T. Computed here in double from the data.
     */
    @Test
    void movingStatisticsFollowKeras224() {
        int B = 2, T = 5, C = 3, N = B * T;
        Rng rng = new Rng(1);
        BatchNormalization bn = new BatchNormalization();
        bn.build(new int[] {T, C}, rng);
        float[] mm0 = {0.5f, -1f, 2f};
        float[] mv0 = {1.5f, 0.25f, 3f};
        bn.movingMean().set(mm0);
        bn.movingVariance().set(mv0);
        float[] x = LayerCases.uniform(rng, N * C);
        bn.forward(Tensor.of(x, B, T, C), true);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        double[][] moments = Ref.batchMoments(xd, C);
        for (int c = 0; c < C; c++) {
            double mean = moments[0][c];
            double var = moments[1][c];
            double expMean = 0.99 * mm0[c] + 0.01 * mean;
            double expVar = 0.99 * mv0[c] + 0.01 * var * N / (N - 1.001);
            assertEquals(expMean, bn.movingMean().value().data()[c], 1e-6);
            assertEquals(expVar, bn.movingVariance().value().data()[c], 1e-6);
        }
        float[] mmAfter = bn.movingMean().value().data().clone();
        bn.forward(Tensor.of(x, B, T, C), false);         // inference must not touch the moving statistics
        assertArrayEquals(mmAfter, bn.movingMean().value().data());
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
