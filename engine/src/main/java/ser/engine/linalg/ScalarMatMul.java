package ser.engine.linalg;

import java.util.Arrays;

import ser.engine.concurrent.WorkerPool;

/**
 * The fallback when the Vector API module is not loaded: plain Java loops that the JIT's auto-vectoriser
 * (SuperWord) turns into SIMD code, blocked for the caches and split over the pool's threads by rows of C.
 *
 * <p>The innermost loop updates a row of C from 4 rows of B, j running over a block of NC columns. HotSpot
 * (17 and 25 alike) only vectorises such a loop when every array is indexed by plain {@code j}: an index like
 * {@code b[bOff + j]} with a run-time offset keeps it scalar (measured in docs/making-it-fast.md). So the block of B
 * is copied into one array per row and the C row into a scratch row, which costs a copy per block and buys the
 * vector loop.
 *
 * <p>Each C element is summed over p in ascending order with a separate multiply and add, exactly as
 * {@link SimpleMatMul} does, so the result equals SimpleMatMul bit for bit, for any thread count.
 */
public final class ScalarMatMul implements MatMul {

    /** Columns of C per block: the scratch row of NC floats (1 KiB) and 4 B rows stay in L1. */
    static final int NC = 256;
    /** Rows of B per block: KC rows of NC floats (128 KiB) stay in L2 while every row of A passes over them. */
    static final int KC = 128;
    private static final long PARALLEL_MIN_FLOPS = 1L << 20;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

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
        // A(i, p) = a[aRows[i] + p]; B row p starts at bOff + p*ldb.
        run(M, N, K, (m0, m1) -> block(M, N, K, false, a, aRows, b, bOff, ldb, null, c, cOff, ldc, accumulate,
                m0, m1));
    }

    @Override
    public void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkTransposedA(name(), M, N, K, a, aRows, b, bRows, c, cOff, ldc);
        // A(i, p) = a[aRows[p] + i]; B row p starts at bRows[p].
        run(M, N, K, (m0, m1) -> block(M, N, K, true, a, aRows, b, 0, 0, bRows, c, cOff, ldc, accumulate,
                m0, m1));
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

    private static void block(int M, int N, int K, boolean transposedA, float[] a, int[] aRows, float[] b, int bOff,
                              int ldb, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate, int m0,
                              int m1) {
        Workspace w = WORKSPACE.get();
        if (K == 0) {
            if (!accumulate) {
                for (int i = m0; i < m1; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + N, 0f);
                }
            }
            return;
        }
        for (int jc = 0; jc < N; jc += NC) {
            int nc = Math.min(NC, N - jc);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                for (int p = 0; p < kc; p++) {
                    int src = (transposedA ? bRows[pc + p] : bOff + (pc + p) * ldb) + jc;
                    System.arraycopy(b, src, w.b[p], 0, nc);
                }
                for (int i = m0; i < m1; i++) {
                    float[] row = w.c;
                    if (accumulate || pc > 0) {
                        System.arraycopy(c, cOff + i * ldc + jc, row, 0, nc);
                    } else {
                        Arrays.fill(row, 0, nc, 0f);
                    }
                    int p = 0;
                    for (; p + 4 <= kc; p += 4) {
                        int q = pc + p;
                        if (transposedA) {
                            update4(nc, row, a[aRows[q] + i], a[aRows[q + 1] + i], a[aRows[q + 2] + i],
                                    a[aRows[q + 3] + i], w.b[p], w.b[p + 1], w.b[p + 2], w.b[p + 3]);
                        } else {
                            int ai = aRows[i] + q;
                            update4(nc, row, a[ai], a[ai + 1], a[ai + 2], a[ai + 3], w.b[p], w.b[p + 1], w.b[p + 2],
                                    w.b[p + 3]);
                        }
                    }
                    for (; p < kc; p++) {
                        update1(nc, row, transposedA ? a[aRows[pc + p] + i] : a[aRows[i] + pc + p], w.b[p]);
                    }
                    System.arraycopy(row, 0, c, cOff + i * ldc + jc, nc);
                }
            }
        }
    }

    /**
     * c[j] += a0 b0[j] + a1 b1[j] + a2 b2[j] + a3 b3[j] for j &lt; n, added left to right (SimpleMatMul's order).
     * Four B rows per pass quarter the loads and stores of c; more rows, or more C rows at once, and HotSpot
     * stops vectorising the loop (measured).
     */
    private static void update4(int n, float[] c, float a0, float a1, float a2, float a3, float[] b0, float[] b1,
                                float[] b2, float[] b3) {
        for (int j = 0; j < n; j++) {
            c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void update1(int n, float[] c, float a0, float[] b0) {
        for (int j = 0; j < n; j++) {
            c[j] += a0 * b0[j];
        }
    }

    /** One thread's scratch: the B block as one array per row and one C row. */
    private static final class Workspace {
        final float[][] b = new float[KC][NC];
        final float[] c = new float[NC];
    }
}
