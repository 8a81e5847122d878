package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.gradcheck.LayerCases;
import ser.engine.gradcheck.Ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each layer's float32 forward against the double reference in {@link Ref}, plus Keras conventions pinned down. */
class LayerForwardTest {

    private static void assertClose(String what, double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i])));
        }
        System.out.printf("forward %-40s worst error %.2e%n", what, worst);
        assertTrue(worst <= tol, what + ": worst error " + worst);
    }

    private static Tensor input(Rng rng, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Tensor.of(LayerCases.uniform(rng, n), shape);
    }

    @Test
    void conv1dSameAndValid() {
        for (Padding padding : Padding.values()) {
            Rng rng = new Rng(1);
            Conv1D conv = new Conv1D(6, 8, padding);
            conv.build(new int[] {21, 3}, rng);
            conv.bias().set(LayerCases.uniform(rng, 6));
            Tensor x = input(rng, 2, 21, 3);
            Tensor y = conv.forward(x, false);
            double[] ref = Ref.conv1d(Ref.toDouble(x.data()), 2, 21, 3, Ref.toDouble(conv.kernel().value().data()),
                    Ref.toDouble(conv.bias().value().data()), 6, 8, padding == Padding.SAME);
            assertClose("Conv1D " + padding.kerasName(), ref, y.data(), 1e-5);
        }
    }

    /** Keras 'same' with kernel 8 pads 3 zeros on the left and 4 on the right: a one-hot tap at k shifts by k - 3. */
    @Test
    void conv1dSamePadsThreeLeftFourRightForKernelEight() {
        for (int tap = 0; tap < 8; tap++) {
            Conv1D conv = new Conv1D(1, 8, Padding.SAME);
            conv.build(new int[] {10, 1}, new Rng(0));
            float[] w = new float[8];
            w[tap] = 1;
            conv.kernel().set(w);
            float[] x = new float[10];
            for (int t = 0; t < 10; t++) {
                x[t] = t + 1;
            }
            float[] y = conv.forward(Tensor.of(x, 1, 10, 1), false).data();
            for (int u = 0; u < 10; u++) {
                int t = u - 3 + tap;
                assertEquals(t >= 0 && t < 10 ? t + 1 : 0, y[u], "tap " + tap + " step " + u);
            }
        }
    }

    @Test
    void batchNormTrainingAndInference() {
        Rng rng = new Rng(2);
        BatchNormalization bn = new BatchNormalization();
        bn.build(new int[] {9, 4}, rng);
        bn.gamma().set(LayerCases.uniform(rng, 4));
        bn.beta().set(LayerCases.uniform(rng, 4));
        Tensor x = input(rng, 3, 9, 4);
        double[] ref = Ref.batchNormTrain(Ref.toDouble(x.data()), 4, Ref.toDouble(bn.gamma().value().data()),
                Ref.toDouble(bn.beta().value().data()), 1e-3);
        assertClose("BatchNormalization training", ref, bn.forward(x, true).data(), 1e-5);
        double[] inf = Ref.batchNormInfer(Ref.toDouble(x.data()), 4, Ref.toDouble(bn.gamma().value().data()),
                Ref.toDouble(bn.beta().value().data()), Ref.toDouble(bn.movingMean().value().data()),
                Ref.toDouble(bn.movingVariance().value().data()), 1e-3);
        assertClose("BatchNormalization inference", inf, bn.forward(x, false).data(), 1e-5);
    }

    @Test
    void activations() {
        Rng rng = new Rng(3);
        Tensor x = input(rng, 2, 5, 3);
        Activation relu = new Activation("relu");
        relu.build(new int[] {5, 3}, rng);
        assertClose("relu", Ref.relu(Ref.toDouble(x.data())), relu.forward(x, false).data(), 0);
        Activation softmax = new Activation("softmax");
        softmax.build(new int[] {5, 3}, rng);
        assertClose("softmax", Ref.softmax(Ref.toDouble(x.data()), 3), softmax.forward(x, false).data(), 1e-6);
    }

    /** Large logits must not overflow: the max is subtracted first. */
    @Test
    void softmaxIsStableForLargeLogits() {
        Activation softmax = new Activation("softmax");
        softmax.build(new int[] {3}, new Rng(0));
        float[] p = softmax.forward(Tensor.of(new float[] {1000f, 999f, -1000f}, 1, 3), false).data();
        assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-6);
        assertEquals(0f, p[2]);
    }

    @Test
    void maxPoolDropsTheRemainderAndTiesPickTheFirst() {
        Rng rng = new Rng(4);
        MaxPooling1D pool = new MaxPooling1D(8);
        assertArrayEquals(new int[] {32, 5}, pool.build(new int[] {259, 5}, rng));
        Tensor x = input(rng, 2, 259, 5);
        assertClose("MaxPooling1D 259 -> 32", Ref.maxPool(Ref.toDouble(x.data()), 2, 259, 5, 8),
                pool.forward(x, false).data(), 0);

        MaxPooling1D tie = new MaxPooling1D(4);
        tie.build(new int[] {4, 1}, rng);
        tie.forward(Tensor.of(new float[] {1, 3, 3, 2}, 1, 4, 1), true);
        float[] dx = tie.backward(Tensor.of(new float[] {1}, 1, 1, 1)).data();
        assertArrayEquals(new float[] {0, 1, 0, 0}, dx);
    }

    @Test
    void flattenKeepsKerasOrder() {
        Flatten f = new Flatten();
        assertArrayEquals(new int[] {6}, f.build(new int[] {3, 2}, new Rng(0)));
        float[] d = {0, 1, 2, 3, 4, 5};                       // (t, c) at t*2 + c
        Tensor y = f.forward(Tensor.of(d, 1, 3, 2), false);
        assertArrayEquals(new int[] {1, 6}, y.shape());
        assertArrayEquals(d, y.data());
    }

    @Test
    void dense() {
        Rng rng = new Rng(5);
        Dense d = new Dense(3);
        d.build(new int[] {7}, rng);
        d.bias().set(LayerCases.uniform(rng, 3));
        Tensor x = input(rng, 4, 7);
        assertClose("Dense", Ref.dense(Ref.toDouble(x.data()), 4, 7, Ref.toDouble(d.kernel().value().data()),
                Ref.toDouble(d.bias().value().data()), 3), d.forward(x, false).data(), 1e-6);
    }

    /** Keras glorot_uniform bounds: limit sqrt(6 / (K*C + K*F)) for Conv1D, sqrt(6 / (in + units)) for Dense. */
    @Test
    void glorotUniformLimitsAndZeroBiases() {
        Conv1D conv = new Conv1D(256, 8, Padding.SAME);
        conv.build(new int[] {259, 1}, new Rng(1));
        double limit = Math.sqrt(6.0 / (8 * 1 + 8 * 256));
        float max = 0;
        double sumSq = 0;
        for (float v : conv.kernel().value().data()) {
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(max <= limit && max > 0.98 * limit, "max " + max + " vs limit " + limit);
        double variance = sumSq / conv.kernel().size();        // uniform(-l, l) has variance l^2 / 3
        assertEquals(limit * limit / 3, variance, 0.05 * limit * limit / 3);
        for (float v : conv.bias().value().data()) {
            assertEquals(0f, v);
        }
        Dense dense = new Dense(2);
        dense.build(new int[] {256}, new Rng(2));
        double dl = Math.sqrt(6.0 / (256 + 2));
        for (float v : dense.kernel().value().data()) {
            assertTrue(Math.abs(v) <= dl);
        }
    }
}
