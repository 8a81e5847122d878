package ser.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.engine.backend.CpuBackend;
import ser.engine.concurrent.WorkerPool;

/**
 * The OpenCL backend against the engine's CpuBackend directly, on fresh random inputs: both are float, summing in
 * different orders, so each is held to the reference's error measure ({@link Accuracy}) and their difference is
 * measured the same way (scale = sum of |terms|).
 */
class OpenClVsCpuBackendTest {

    static final int K = 8;
    static OpenClBackend opencl;
    static CpuBackend cpu;
    static WorkerPool pool;

    @BeforeAll
    static void open() {
        opencl = OpenClTestSupport.sharedBackend();
        pool = new WorkerPool(2);
        cpu = new CpuBackend(pool);
        System.out.println("OpenCL " + opencl.name() + " vs " + cpu.name());
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    static double[] toDouble(float[] a, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static void compare(SplittableRandom rng, int B, int T, int C, int F, int pad, int U) {
        String shape = String.format("B=%d T=%d C=%d F=%d pad=%d U=%d", B, T, C, F, pad, U);
        float[] x = OpenClTestSupport.uniform(rng, B * T * C);
        float[] w = OpenClTestSupport.uniform(rng, K * C * F);
        float[] bias = OpenClTestSupport.uniform(rng, F);
        float[] dy = OpenClTestSupport.uniform(rng, B * U * F);

        float[] yCl = nan(B * U * F);
        float[] yCpu = nan(B * U * F);
        opencl.conv1dForward(x, w, bias, yCl, B, T, C, F, K, pad, U);
        cpu.conv1dForward(x, w, bias, yCpu, B, T, C, F, K, pad, U);
        double[] scale = ReferenceConv.forward(x, w, bias, B, T, C, F, K, pad, U)[1];
        Accuracy.check("forward opencl vs cpu " + shape, yCl, toDouble(yCpu, yCpu.length), scale);

        float[] dxCl = nan(B * T * C);
        float[] dxCpu = nan(B * T * C);
        opencl.conv1dBackwardInput(dy, w, dxCl, B, T, C, F, K, pad, U);
        cpu.conv1dBackwardInput(dy, w, dxCpu, B, T, C, F, K, pad, U);
        scale = ReferenceConv.backwardInput(dy, w, B, T, C, F, K, pad, U)[1];
        Accuracy.check("backward input opencl vs cpu " + shape, dxCl, toDouble(dxCpu, dxCpu.length), scale);

        float[] dw0 = OpenClTestSupport.uniform(rng, K * C * F);
        float[] db0 = OpenClTestSupport.uniform(rng, F);
        float[] dwCl = dw0.clone();
        float[] dbCl = db0.clone();
        float[] dwCpu = dw0.clone();
        float[] dbCpu = db0.clone();
        opencl.conv1dBackwardWeights(x, dy, dwCl, dbCl, B, T, C, F, K, pad, U);
        cpu.conv1dBackwardWeights(x, dy, dwCpu, dbCpu, B, T, C, F, K, pad, U);
        scale = ReferenceConv.backwardWeights(x, dy, dw0, db0, B, T, C, F, K, pad, U)[1];
        double[] cpuBoth = new double[K * C * F + F];   // laid out as the reference: dw, then dbias
        for (int i = 0; i < K * C * F; i++) {
            cpuBoth[i] = dwCpu[i];
        }
        for (int f = 0; f < F; f++) {
            cpuBoth[K * C * F + f] = dbCpu[f];
        }
        Accuracy.check("backward weights opencl vs cpu " + shape, dwCl, 0, cpuBoth, scale, 0, K * C * F);
        Accuracy.check("backward bias opencl vs cpu " + shape, dbCl, 0, cpuBoth, scale, K * C * F, F);
    }

    static float[] nan(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    @Test
    void notebookLayers() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("OpenClVsCpuBackendTest.notebookLayers");
        compare(rng, 16, 259, 1, 256, 3, 259);
        compare(rng, 1, 259, 256, 256, 3, 259);   // batch 1: the double reference of this layer is slow
        compare(rng, 16, 32, 256, 128, 3, 32);
        compare(rng, 16, 32, 128, 128, 3, 32);
        compare(rng, 16, 4, 128, 64, 3, 4);
        compare(rng, 16, 4, 64, 64, 3, 4);
    }

    @Test
    void validAndAwkwardShapes() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("OpenClVsCpuBackendTest.validAndAwkwardShapes");
        compare(rng, 16, 259, 1, 64, 0, 252);
        compare(rng, 1, 3, 2, 5, 3, 3);
        compare(rng, 1, 1, 1, 1, 3, 1);
        compare(rng, 7, 33, 65, 67, 3, 33);
        compare(rng, 3, 37, 5, 7, 0, 30);
    }
}
