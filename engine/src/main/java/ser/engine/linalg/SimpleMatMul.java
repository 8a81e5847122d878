package ser.engine.linalg;

/**
 * The algorithmic reference for {@link MatMul}: straight loops, one thread, each C element summed over p in
 * ascending order in float. Slow; kept as the fallback and as the baseline the fast kernels are tested against.
 */
public final class SimpleMatMul implements MatMul {

    @Override
    public String name() {
        return "simple";
    }

    @Override
    public void multiply(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkMultiply(name(), M, N, K, a, aRows, b, bOff, ldb, c, cOff, ldc);
        for (int i = 0; i < M; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + N, 0f);
            }
            int ai = aRows[i];
            for (int p = 0; p < K; p++) {
                float aip = a[ai + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < N; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkTransposedA(name(), M, N, K, a, aRows, b, bRows, c, cOff, ldc);
        if (!accumulate) {
            for (int i = 0; i < M; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + N, 0f);
            }
        }
        for (int r = 0; r < K; r++) {
            int ar = aRows[r];
            int br = bRows[r];
            for (int i = 0; i < M; i++) {
                float ari = a[ar + i];
                int ci = cOff + i * ldc;
                for (int j = 0; j < N; j++) {
                    c[ci + j] += ari * b[br + j];
                }
            }
        }
    }
}
