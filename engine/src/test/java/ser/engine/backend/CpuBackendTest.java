package ser.engine.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.concurrent.WorkerPool;
import ser.engine.linalg.MatMuls;
import ser.engine.linalg.SimpleMatMul;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GEMM lowering of Conv1D (padded buffer + row offsets, flipped kernel, transposed-A product) against the
 * direct loops of {@link ReferenceBackend}, for the reference matrix multiply and for the fastest one on two threads,
 * over 'same'/'valid', odd/even kernels, batch 1, one channel and inputs shorter than the kernel.
 */
class CpuBackendTest {

    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    /** B, T, C, F, K, same (1) or valid (0). */
    private static final List<int[]> SHAPES = List.of(
            new int[] {2, 17, 3, 5, 8, 1},
            new int[] {3, 12, 4, 6, 5, 1},
            new int[] {2, 12, 4, 6, 5, 0},
            new int[] {1, 9, 1, 7, 8, 1},     // batch 1, one channel (the first conv of the notebook)
            new int[] {2, 3, 2, 4, 8, 1},     // shorter than the kernel
            new int[] {2, 8, 3, 2, 8, 0},     // valid, output length 1
            new int[] {4, 33, 16, 24, 8, 1}); // wide enough for a blocked kernel's edge cases

    private static float[] uniform(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.uniform(-1, 1);
        }
        return a;
    }

    /** Worst |a - b| relative to the largest |b| (float sums in different orders differ by rounding only). */
    private static double worst(float[] a, float[] b) {
        double scale = 1e-30;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        double w = 0;
        for (int i = 0; i < a.length; i++) {
            w = Math.max(w, Math.abs(a[i] - b[i]) / scale);
        }
        return w;
    }

    private static final ReferenceBackend REFERENCE = new ReferenceBackend();

    private static void compare(ConvBackend backend) {
        double worstAll = 0;
        for (int[] s : SHAPES) {
            int B = s[0], T = s[1], C = s[2], F = s[3], K = s[4];
            boolean same = s[5] == 1;
            int padLeft = same ? (K - 1) / 2 : 0;
            int U = same ? T : T - K + 1;
            Rng rng = new Rng(T * 31L + C);
            float[] x = uniform(rng, B * T * C);
            float[] w = uniform(rng, K * C * F);
            float[] bias = uniform(rng, F);
            float[] dy = uniform(rng, B * U * F);

            float[] y = new float[B * U * F];
            float[] yRef = new float[B * U * F];
            backend.conv1dForward(x, w, bias, y, B, T, C, F, K, padLeft, U);
            REFERENCE.conv1dForward(x, w, bias, yRef, B, T, C, F, K, padLeft, U);

            float[] dx = new float[B * T * C];
            float[] dxRef = new float[B * T * C];
            backend.conv1dBackwardInput(dy, w, dx, B, T, C, F, K, padLeft, U);
            REFERENCE.conv1dBackwardInput(dy, w, dxRef, B, T, C, F, K, padLeft, U);

            float[] dw = uniform(rng, K * C * F);         // non-zero start: backward-weights must accumulate
            float[] dwRef = dw.clone();
            float[] db = uniform(rng, F);
            float[] dbRef = db.clone();
            backend.conv1dBackwardWeights(x, dy, dw, db, B, T, C, F, K, padLeft, U);
            REFERENCE.conv1dBackwardWeights(x, dy, dwRef, dbRef, B, T, C, F, K, padLeft, U);

            double e = Math.max(Math.max(worst(y, yRef), worst(dx, dxRef)), Math.max(worst(dw, dwRef), worst(db, dbRef)));
            worstAll = Math.max(worstAll, e);
            assertTrue(e < 1e-5, backend.name() + " differs from the direct loops by " + e + " at B,T,C,F,K,same="
                    + java.util.Arrays.toString(s));
        }
        System.out.printf("%s vs direct loops: worst relative difference %.2e over %d shapes%n", backend.name(),
                worstAll, SHAPES.size());
    }

    @Test
    void gemmLoweringWithTheReferenceMatMulMatchesDirectLoops() {
        compare(new CpuBackend(new SimpleMatMul(), WorkerPool.single()));
    }

    @Test
    void gemmLoweringWithTheFastestMatMulOnTwoThreadsMatchesDirectLoops() {
        compare(new CpuBackend(MatMuls.best(POOL), POOL));
    }

    /** Determinism (ConvBackend contract): the same call gives the same bits, also after other shapes used the scratch. */
    @Test
    void repeatedCallsGiveIdenticalBits() {
        CpuBackend backend = new CpuBackend(MatMuls.best(POOL), POOL);
        Rng rng = new Rng(9);
        int B = 3, T = 40, C = 8, F = 16, K = 8, U = 40, p = 3;
        float[] x = uniform(rng, B * T * C);
        float[] w = uniform(rng, K * C * F);
        float[] bias = uniform(rng, F);
        float[] y1 = new float[B * U * F];
        float[] y2 = new float[B * U * F];
        backend.conv1dForward(x, w, bias, y1, B, T, C, F, K, p, U);
        backend.conv1dForward(uniform(rng, 2 * 50 * 3), uniform(rng, 8 * 3 * 5), new float[5], new float[2 * 50 * 5],
                2, 50, 3, 5, 8, 3, 50);
        backend.conv1dForward(x, w, bias, y2, B, T, C, F, K, p, U);
        assertArrayEquals(y1, y2);
    }
}
