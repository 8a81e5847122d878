package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.concurrent.WorkerPool;
import ser.engine.gradcheck.LayerCases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BatchNormalization splits its channels over the shared pool's threads. Each channel's statistics must not depend
 * on that split: a 256-channel layer at the notebook's shape (split over the threads) must give, for every channel,
 * the same bits as a one-channel layer fed that channel alone (which runs on one thread).
 */
class ChannelSplitTest {

    @Test
    void batchNormChannelsGiveTheSameBitsWhetherSplitOrAlone() {
        assumeTrue(WorkerPool.shared().threads() > 1, "needs at least two cores to split");
        int B = 16, T = 259, C = 256, N = B * T;
        Rng rng = new Rng(7);
        BatchNormalization wide = new BatchNormalization();
        wide.build(new int[] {T, C}, rng);
        float[] x = LayerCases.uniform(rng, N * C);
        float[] g = LayerCases.uniform(rng, N * C);
        float[] gamma = LayerCases.uniform(rng, C);
        wide.gamma().set(gamma);
        float[] y = wide.forward(Tensor.of(x, B, T, C), true).data().clone();
        float[] dx = wide.backward(Tensor.of(g, B, T, C)).data().clone();

        int mismatches = 0;
        for (int c : new int[] {0, 1, C / 2 - 1, C / 2, C - 1}) { // both sides of the 2-thread boundary
            BatchNormalization one = new BatchNormalization();
            one.build(new int[] {T, 1}, new Rng(1));
            one.gamma().set(new float[] {gamma[c]});
            float[] xc = new float[N];
            float[] gc = new float[N];
            for (int n = 0; n < N; n++) {
                xc[n] = x[n * C + c];
                gc[n] = g[n * C + c];
            }
            float[] yc = one.forward(Tensor.of(xc, B, T, 1), true).data();
            float[] dxc = one.backward(Tensor.of(gc, B, T, 1)).data();
            for (int n = 0; n < N; n++) {
                mismatches += Float.floatToRawIntBits(yc[n]) != Float.floatToRawIntBits(y[n * C + c]) ? 1 : 0;
                mismatches += Float.floatToRawIntBits(dxc[n]) != Float.floatToRawIntBits(dx[n * C + c]) ? 1 : 0;
            }
            assertEquals(one.movingMean().value().data()[0], wide.movingMean().value().data()[c], 0f, "moving_mean " + c);
            assertEquals(one.movingVariance().value().data()[0], wide.movingVariance().value().data()[c], 0f,
                    "moving_variance " + c);
            assertEquals(one.gamma().grad().data()[0], wide.gamma().grad().data()[c], 0f, "dgamma " + c);
            assertEquals(one.beta().grad().data()[0], wide.beta().grad().data()[c], 0f, "dbeta " + c);
        }
        System.out.printf("BatchNormalization split over %d threads vs one channel alone: %d differing floats%n",
                WorkerPool.shared().threads(), mismatches);
        assertEquals(0, mismatches);
    }
}
