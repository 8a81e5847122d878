package ser.engine.linalg;

import java.util.Arrays;

import ser.engine.concurrent.WorkerPool;

/**
 * The fallback when the Vector API module is not loaded: plain Java loops shaped so that the JIT vectorises the
 * innermost one (a row of C updated from four rows of B, contiguous in j), blocked so that the B block in use stays
 * in L2 and the C row segment in L1, and split over both cores.
 *
 * <p>Each C element is summed over p in ascending order with a separate multiply and add, exactly as
 * {@link SimpleMatMul} does, so the result equals SimpleMatMul bit for bit for any thread count.
 */
public final class ScalarMatMul implements MatMul {

    /** Columns of C in one block: a row segment of NC floats (2 KiB) stays in L1. */
    static final int NC = 512;
    /** Rows of B in one block: KC x NC floats (256 KiB) stay in L2 while every row of A passes over them. */
    static final int KC = 128;
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;

    private final WorkerPool pool;

    public ScalarMatMul(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "scalar-blocked";
    }

    @Override
    public void multiply(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkMultiply(name(), M, N, K, a, aRows, b, bOff, ldb, c, cOff, ldc);
        run(M, N, K, (m0, m1) -> {
            zeroUnlessAccumulating(c, cOff, ldc, m0, m1, N, accumulate);
            for (int jc = 0; jc < N; jc += NC) {
                int nc = Math.min(NC, N - jc);
                for (int pc = 0; pc < K; pc += KC) {
                    int kc = Math.min(KC, K - pc);
                    for (int i = m0; i < m1; i++) {
                        int ai = aRows[i] + pc;
                        int ci = cOff + i * ldc + jc;
                        int bp = bOff + pc * ldb + jc;
                        int p = 0;
                        for (; p + 4 <= kc; p += 4, bp += 4 * ldb) {
                            rowUpdate4(c, ci, nc, a[ai + p], a[ai + p + 1], a[ai + p + 2], a[ai + p + 3],
                                    b, bp, bp + ldb, bp + 2 * ldb, bp + 3 * ldb);
                        }
                        for (; p < kc; p++, bp += ldb) {
                            rowUpdate1(c, ci, nc, a[ai + p], b, bp);
                        }
                    }
                }
            }
        });
    }

    @Override
    public void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkTransposedA(name(), M, N, K, a, aRows, b, bRows, c, cOff, ldc);
        run(M, N, K, (m0, m1) -> {
            zeroUnlessAccumulating(c, cOff, ldc, m0, m1, N, accumulate);
            for (int jc = 0; jc < N; jc += NC) {
                int nc = Math.min(NC, N - jc);
                for (int pc = 0; pc < K; pc += KC) {
                    int kc = Math.min(KC, K - pc);
                    for (int i = m0; i < m1; i++) {
                        int ci = cOff + i * ldc + jc;
                        int r = pc;
                        for (; r + 4 <= pc + kc; r += 4) {
                            rowUpdate4(c, ci, nc, a[aRows[r] + i], a[aRows[r + 1] + i], a[aRows[r + 2] + i],
                                    a[aRows[r + 3] + i], b, bRows[r] + jc, bRows[r + 1] + jc, bRows[r + 2] + jc,
                                    bRows[r + 3] + jc);
                        }
                        for (; r < pc + kc; r++) {
                            rowUpdate1(c, ci, nc, a[aRows[r] + i], b, bRows[r] + jc);
                        }
                    }
                }
            }
        });
    }

    /** Rows [m0, m1) of C; threads split M only. */
    private void run(int M, int N, int K, WorkerPool.RangeBody rows) {
        if (M == 0 || N == 0) {
            return;
        }
        if (pool.threads() > 1 && 2L * M * N * K >= PARALLEL_MIN_FLOPS) {
            pool.forRange(M, rows);
        } else {
            rows.run(0, M);
        }
    }

    private static void zeroUnlessAccumulating(float[] c, int cOff, int ldc, int m0, int m1, int N,
                                               boolean accumulate) {
        if (!accumulate) {
            for (int i = m0; i < m1; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + N, 0f);
            }
        }
    }

    /** c[ci + j] += a0*B0[j] + a1*B1[j] + a2*B2[j] + a3*B3[j], added left to right (the order SimpleMatMul uses). */
    private static void rowUpdate4(float[] c, int ci, int n, float a0, float a1, float a2, float a3,
                                   float[] b, int b0, int b1, int b2, int b3) {
        for (int j = 0; j < n; j++) {
            c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
    }

    private static void rowUpdate1(float[] c, int ci, int n, float a0, float[] b, int b0) {
        for (int j = 0; j < n; j++) {
            c[ci + j] += a0 * b[b0 + j];
        }
    }
}
