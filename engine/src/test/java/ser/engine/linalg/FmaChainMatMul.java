package ser.engine.linalg;

import java.util.Arrays;

/**
 * What every {@link VectorMatMul} variant must equal bit for bit: each C element is one scalar fused-multiply-add
 * chain {@code c = Math.fma(A(i, p), B(p, j), c)} over p = 0..K-1 in ascending order, starting from C when
 * accumulating and from zero otherwise. The vector kernel's lanes run exactly this chain, whatever the tile, the
 * vector length, the K blocking or the thread count.
 */
final class FmaChainMatMul implements MatMul {

    @Override
    public String name() {
        return "fma-chain";
    }

    @Override
    public void multiply(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb, float[] c,
                         int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < K; p++) {
                    s = Math.fma(a[aRows[i] + p], b[bOff + p * ldb + j], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows, float[] c,
                                    int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < M; i++) {
            if (!accumulate) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + N, 0f);
            }
        }
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float s = c[cOff + i * ldc + j];
                for (int r = 0; r < K; r++) {
                    s = Math.fma(a[aRows[r] + i], b[bRows[r] + j], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
