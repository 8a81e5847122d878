package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.backend.CpuBackend;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.SoftmaxCrossEntropy;
import ser.engine.layers.Weight;
import ser.engine.optim.SGD;

/**
 * Every kernel of layers.cl against the CPU layer it mirrors: the same input, weights and upstream gradient on both
 * sides, forward and backward outputs within 1e-5 of the tensor's largest magnitude (most agree bit for bit; the
 * printed figure is the worst relative difference). Inputs are fresh random values each run (seed printed).
 */
class LayerKernelsTest {

    static final double TOLERANCE = 1e-5;
    static LayerKernels k;
    static OpenClContext cl;
    static SplittableRandom rng;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.sharedBackend().context();
        k = new LayerKernels(cl);
        rng = OpenClTestSupport.freshRandom("LayerKernelsTest");
    }

    @AfterAll
    static void done() {
        k = null;
    }

    // ---------------------------------------------------------------- helpers

    static DeviceArray up(String name, float[] a) {
        return DeviceArray.of(cl, name, a);
    }

    static DeviceArray upInts(String name, int[] a) {
        DeviceArray d = DeviceArray.floats(cl, name, a.length);
        d.write(a, a.length);
        return d;
    }

    static float[] down(DeviceArray d, int n) {
        float[] a = new float[n];
        d.read(a, n);
        return a;
    }

    /** max |got - want| / max |want| over the first n values (floor 1e-30) must be <= 1e-5. */
    static void assertClose(String what, float[] want, float[] got, int n) {
        double max = 0, diff = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs((double) want[i] - got[i]));
            assertTrue(Float.isFinite(got[i]) == Float.isFinite(want[i]), what + "[" + i + "]: " + got[i] + " vs " + want[i]);
        }
        double rel = diff / Math.max(max, 1e-30);
        System.out.printf("  %-34s %7d values, largest %.3g, worst relative difference %.2e%n", what, n, max, rel);
        assertTrue(rel <= TOLERANCE, what + ": relative difference " + rel + " > " + TOLERANCE);
    }

    static float[] uniform(int n, double scale, double shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (shift + scale * (rng.nextDouble() * 2 - 1));
        }
        return a;
    }

    static <L extends Layer> L built(L layer, int... shape) {
        layer.build(shape, new Rng(rng.nextLong()));
        return layer;
    }

    // ---------------------------------------------------------------- the layers

    @Test
    void reluMatchesTheCpuLayer() {
        int B = 3, T = 37, C = 5, n = B * T * C;
        Activation relu = built(new Activation("relu"), T, C);
        float[] x = uniform(n, 1, 0);
        x[0] = 0f;
        x[1] = -0f;
        float[] dy = uniform(n, 1, 0);
        Tensor y = relu.forward(Tensor.of(x.clone(), B, T, C), true);
        Tensor dx = relu.backward(Tensor.of(dy.clone(), B, T, C));
        try (DeviceArray dX = up("x", x); DeviceArray dY = DeviceArray.floats(cl, "y", n);
             DeviceArray dDy = up("dy", dy); DeviceArray dDx = DeviceArray.floats(cl, "dx", n)) {
            k.reluForward(dX, dY, n);
            k.reluBackward(dY, dDy, dDx, n);
            assertClose("relu forward", y.data(), down(dY, n), n);
            assertClose("relu backward", dx.data(), down(dDx, n), n);
        }
    }

    @Test
    void dropoutDrawsTheCpuMasks() {
        int B = 4, T = 259, C = 3, n = B * T * C;
        Dropout drop = built(new Dropout(0.25), T, C);
        long step = rng.nextInt(1000);
        drop.beginStep(step);
        float[] x = uniform(n, 1, 0);
        float[] dy = uniform(n, 1, 0);
        Tensor y = drop.forward(Tensor.of(x.clone(), B, T, C), true);
        float[] mask = drop.lastMask().data().clone();
        Tensor dx = drop.backward(Tensor.of(dy.clone(), B, T, C));
        try (DeviceArray dX = up("x", x); DeviceArray dM = DeviceArray.floats(cl, "mask", n);
             DeviceArray dY = DeviceArray.floats(cl, "y", n); DeviceArray dDy = up("dy", dy);
             DeviceArray dDx = DeviceArray.floats(cl, "dx", n)) {
            k.dropoutForward(dX, dM, dY, n, drop.seed(), step, drop.rate());
            k.dropoutBackward(dM, dDy, dDx, n, drop.rate());
            assertArrayEquals(mask, down(dM, n), "the mask of step " + step);
            assertClose("dropout forward", y.data(), down(dY, n), n);
            assertClose("dropout backward", dx.data(), down(dDx, n), n);
        }
    }

    @Test
    void maxPoolingMatchesTheCpuLayerWithAndWithoutOverlap() {
        maxPool(8, 8, 259, 6);   // the notebook's: 259 -> 32, the last 3 steps dropped
        maxPool(3, 2, 30, 4);    // overlapping windows: an input may be the argmax of two
    }

    private void maxPool(int pool, int stride, int T, int C) {
        int B = 3, n = B * T * C;
        MaxPooling1D mp = built(new MaxPooling1D(pool, stride), T, C);
        int U = mp.outputShape()[0];
        float[] x = uniform(n, 1, 0);
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(x[i], 0f);   // after ReLU: ties between zeros, which must pick the first
        }
        float[] dy = uniform(B * U * C, 1, 0);
        Tensor y = mp.forward(Tensor.of(x.clone(), B, T, C), true);
        Tensor dx = mp.backward(Tensor.of(dy.clone(), B, U, C));
        try (DeviceArray dX = up("x", x); DeviceArray dY = DeviceArray.floats(cl, "y", B * U * C);
             DeviceArray arg = DeviceArray.floats(cl, "argmax", B * U * C); DeviceArray dDy = up("dy", dy);
             DeviceArray dDx = DeviceArray.floats(cl, "dx", n)) {
            k.maxPoolForward(dX, dY, arg, B, T, C, U, pool, stride);
            k.maxPoolBackward(dDy, arg, dDx, B, T, C, U, pool, stride);
            String label = "maxpool " + pool + "/" + stride;
            assertClose(label + " forward", y.data(), down(dY, B * U * C), B * U * C);
            assertClose(label + " backward", dx.data(), down(dDx, n), n);
        }
    }

    @Test
    void batchNormalizationTrainsAndInfersAsTheCpuLayer() {
        batchNorm(true);
        batchNorm(false);
    }

    /** Three training steps (so the zero-debiasing runs at t = 1, 2, 3), then an inference forward. */
    private void batchNorm(boolean zeroDebias) {
        int B = 4, T = 33, C = 7, N = B * T, n = N * C;
        BatchNormalization bn = built(new BatchNormalization(0.99, 1e-3, zeroDebias), T, C);
        bn.gamma().set(uniform(C, 0.5, 1));
        bn.beta().set(uniform(C, 0.5, 0));
        String label = "batchnorm" + (zeroDebias ? " (zero-debiased)" : " (plain average)");
        try (DeviceArray gamma = up("gamma", bn.gamma().value().data()); DeviceArray beta = up("beta", bn.beta().value().data());
             DeviceArray mm = up("moving_mean", bn.movingMean().value().data());
             DeviceArray mv = up("moving_variance", bn.movingVariance().value().data());
             DeviceArray bm = up("biased_mean", new float[C]); DeviceArray bv = up("biased_variance", new float[C]);
             DeviceArray mean = DeviceArray.floats(cl, "mean", C); DeviceArray invStd = DeviceArray.floats(cl, "invStd", C);
             DeviceArray dX = DeviceArray.floats(cl, "x", n); DeviceArray xhat = DeviceArray.floats(cl, "xhat", n);
             DeviceArray dY = DeviceArray.floats(cl, "y", n); DeviceArray dDy = DeviceArray.floats(cl, "dy", n);
             DeviceArray dDx = DeviceArray.floats(cl, "dx", n); DeviceArray dgamma = DeviceArray.floats(cl, "dgamma", C);
             DeviceArray dbeta = DeviceArray.floats(cl, "dbeta", C); DeviceArray scale = DeviceArray.floats(cl, "scale", C);
             DeviceArray meanG = DeviceArray.floats(cl, "meanG", C);
             DeviceArray meanGXhat = DeviceArray.floats(cl, "meanGXhat", C)) {
            float d = (float) (1.0 - bn.momentum());
            float unbias = (float) N / ((float) N - (float) (1.0 + bn.epsilon()));
            float localStep = 0f;
            for (int step = 1; step <= 3; step++) {
                float[] x = uniform(n, 3, 2);   // a mean far from 0, as the variance's two passes must handle
                float[] dy = uniform(n, 1, 0);
                bn.zeroGrad();
                Tensor y = bn.forward(Tensor.of(x.clone(), B, T, C), true);
                Tensor dx = bn.backward(Tensor.of(dy.clone(), B, T, C));
                localStep += 1f;
                float debias = zeroDebias ? 1f - (float) Math.pow(1f - d, localStep) : 1f;
                dX.write(x, n);
                dDy.write(dy, n);
                k.batchNormStatistics(dX, mean, invStd, mm, mv, bm, bv, N, C, bn.epsilon(), d, unbias, debias, zeroDebias);
                k.batchNormNormalize(dX, mean, invStd, gamma, beta, xhat, dY, n, C);
                k.batchNormBackwardSums(dDy, xhat, gamma, invStd, dgamma, dbeta, scale, meanG, meanGXhat, N, C);
                k.batchNormBackwardDx(dDy, xhat, scale, meanG, meanGXhat, dDx, n, C);
                String s = label + " step " + step;
                assertClose(s + " forward", y.data(), down(dY, n), n);
                assertClose(s + " moving_mean", bn.movingMean().value().data(), down(mm, C), C);
                assertClose(s + " moving_variance", bn.movingVariance().value().data(), down(mv, C), C);
                if (zeroDebias) {
                    assertClose(s + " moving_mean/biased", bn.state().get("moving_mean/biased").data(), down(bm, C), C);
                    assertClose(s + " moving_variance/biased", bn.state().get("moving_variance/biased").data(),
                            down(bv, C), C);
                }
                assertClose(s + " backward dx", dx.data(), down(dDx, n), n);
                assertClose(s + " dgamma", bn.gamma().grad().data(), down(dgamma, C), C);
                assertClose(s + " dbeta", bn.beta().grad().data(), down(dbeta, C), C);
            }
            float[] x = uniform(n, 3, 2);
            Tensor y = bn.forward(Tensor.of(x.clone(), B, T, C), false);
            dX.write(x, n);
            k.batchNormInference(dX, mm, mv, gamma, beta, dY, n, C, bn.epsilon());
            assertClose(label + " inference", y.data(), down(dY, n), n);
        }
    }

    @Test
    void denseMatchesTheCpuLayer() {
        int B = 5, N = 37, units = 8;
        Dense dense = built(new Dense(units), N);
        dense.bias().set(uniform(units, 1, 0));
        float[] x = uniform(B * N, 1, 0);
        float[] dy = uniform(B * units, 1, 0);
        dense.zeroGrad();
        Tensor y = dense.forward(Tensor.of(x.clone(), B, N), true);
        Tensor dx = dense.backward(Tensor.of(dy.clone(), B, units));
        try (DeviceArray dX = up("x", x); DeviceArray w = up("kernel", dense.kernel().value().data());
             DeviceArray b = up("bias", dense.bias().value().data()); DeviceArray dY = DeviceArray.floats(cl, "y", B * units);
             DeviceArray dDy = up("dy", dy); DeviceArray dDx = DeviceArray.floats(cl, "dx", B * N);
             DeviceArray dw = DeviceArray.floats(cl, "dkernel", N * units); DeviceArray db = DeviceArray.floats(cl, "dbias", units)) {
            k.denseForward(dX, w, b, dY, B, N, units);
            k.denseBackwardInput(dDy, w, dDx, B, N, units);
            k.denseBackwardWeights(dX, dDy, dw, db, B, N, units);
            assertClose("dense forward", y.data(), down(dY, B * units), B * units);
            assertClose("dense backward dx", dx.data(), down(dDx, B * N), B * N);
            assertClose("dense dkernel", dense.kernel().grad().data(), down(dw, N * units), N * units);
            assertClose("dense dbias", dense.bias().grad().data(), down(db, units), units);
        }
    }

    @Test
    void softmaxCrossEntropyMatchesTheCpuLoss() {
        int B = 6, K = 8;
        float[] z = uniform(B * K, 3, 0);
        int[] labels = new int[B];
        for (int b = 0; b < B; b++) {
            labels[b] = rng.nextInt(K);
        }
        z[labels[0]] = 60f;              // q > 1 - 1e-7: clipped, no gradient
        z[K + (labels[1] + 1) % K] = 60f; // q < 1e-7: clipped, loss -log(1e-7)
        Activation softmax = built(new Activation("softmax"), K);
        float[] p = softmax.forward(Tensor.of(z.clone(), B, K), true).data().clone();
        float[] dz = new float[B * K];
        double loss = SoftmaxCrossEntropy.lossAndGradient(p, labels, B, K, dz);
        int correct = SoftmaxCrossEntropy.correct(p, labels, B, K);
        try (DeviceArray dZ = up("z", z); DeviceArray dP = DeviceArray.floats(cl, "p", B * K);
             DeviceArray dL = upInts("labels", labels); DeviceArray losses = DeviceArray.doubles(cl, "losses", B);
             DeviceArray hits = DeviceArray.floats(cl, "correct", B); DeviceArray dDz = DeviceArray.floats(cl, "dz", B * K);
             DeviceArray totals = DeviceArray.doubles(cl, "totals", 2)) {
            k.softmaxForward(dZ, dP, B, K);
            k.crossEntropy(dP, dL, losses, hits, dDz, B, K);
            k.batchTotals(losses, hits, totals, B);
            double[] t = new double[2];
            totals.read(t, 2);
            assertClose("softmax", p, down(dP, B * K), B * K);
            assertClose("cross-entropy gradient", dz, down(dDz, B * K), B * K);
            System.out.printf("  cross-entropy loss cpu %.9f opencl %.9f%n", loss, t[0] / B);
            assertEquals(loss, t[0] / B, TOLERANCE * Math.abs(loss), "batch loss");
            assertEquals(correct, (int) t[1], "correct");
        }
    }

    @Test
    void sgdUpdatesAsTheCpuOptimizer() {
        sgd(false);
        sgd(true);
    }

    private void sgd(boolean nesterov) {
        Weight w = built(new Dense(1000), 1).bias();   // any weight will do: the bias of a Dense(1000)
        int n = w.size();
        w.set(uniform(n, 1, 0));
        SGD sgd = new SGD(0.05, 0.9, 0.01, nesterov);
        try (DeviceArray p = up("p", w.value().data()); DeviceArray g = DeviceArray.floats(cl, "g", n);
             DeviceArray v = up("v", new float[n])) {
            for (int step = 0; step < 3; step++) {
                float[] grad = uniform(n, 1, 0);
                System.arraycopy(grad, 0, w.grad().data(), 0, n);
                g.write(grad, n);
                k.sgdUpdate(p, g, v, n, sgd.currentLr(), (float) sgd.momentum(), nesterov);
                sgd.step(java.util.List.of(w));
            }
            String label = "sgd" + (nesterov ? " nesterov" : "");
            assertClose(label + " weights", w.value().data(), down(p, n), n);
            assertClose(label + " velocities", sgd.velocities().get(w.path()), down(v, n), n);
        }
    }

    @Test
    void convolutionsOnDeviceBuffersMatchTheCpuBackend() {
        int B = 2, T = 40, C = 3, F = 5, K = 8, pad = 3, U = 40;
        float[] x = uniform(B * T * C, 1, 0), w = uniform(K * C * F, 1, 0), bias = uniform(F, 1, 0);
        float[] dy = uniform(B * U * F, 1, 0);
        CpuBackend cpu = CpuBackend.shared();
        float[] y = new float[B * U * F], dx = new float[B * T * C], dw = new float[K * C * F], db = new float[F];
        cpu.conv1dForward(x, w, bias, y, B, T, C, F, K, pad, U);
        cpu.conv1dBackwardInput(dy, w, dx, B, T, C, F, K, pad, U);
        cpu.conv1dBackwardWeights(x, dy, dw, db, B, T, C, F, K, pad, U);
        OpenClBackend backend = OpenClTestSupport.sharedBackend();
        try (DeviceArray dX = up("x", x); DeviceArray dW = up("w", w); DeviceArray dB = up("bias", bias);
             DeviceArray dY = DeviceArray.floats(cl, "y", B * U * F); DeviceArray dDy = up("dy", dy);
             DeviceArray dDx = DeviceArray.floats(cl, "dx", B * T * C); DeviceArray dDw = up("dw", new float[K * C * F]);
             DeviceArray dDb = up("db", new float[F])) {
            backend.forward(dX, dW, dB, dY, B, T, C, F, K, pad, U);
            backend.backwardInput(dDy, dW, dDx, B, T, C, F, K, pad, U);
            backend.backwardWeights(dX, dDy, dDw, dDb, B, T, C, F, K, pad, U);
            assertClose("conv1d forward", y, down(dY, y.length), y.length);
            assertClose("conv1d backward input", dx, down(dDx, dx.length), dx.length);
            assertClose("conv1d backward weights", dw, down(dDw, dw.length), dw.length);
            assertClose("conv1d backward bias", db, down(dDb, db.length), db.length);
        }
    }
}
