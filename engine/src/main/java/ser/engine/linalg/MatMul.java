package ser.engine.linalg;

/**
 * Single-precision matrix multiply, the engine's one hot loop. Two forms cover every layer:
 *
 * <pre>
 *   multiply:            C[M x N] (+)= A[M x K] . B[K x N]
 *                        A(i, p) = a[aRows[i] + p]        row i of A starts at aRows[i], K floats contiguous
 *                        B(p, j) = b[bOff + p*ldb + j]
 *                        C(i, j) = c[cOff + i*ldc + j]
 *
 *   multiplyTransposedA: C[M x N] (+)= sum over r &lt; K of A_r^T . B_r
 *                        A(r, i) = a[aRows[r] + i]        row r of A holds M floats contiguous
 *                        B(r, j) = b[bRows[r] + j]        row r of B holds N floats contiguous
 *                        C(i, j) = c[cOff + i*ldc + j]
 * </pre>
 *
 * Rows given by offsets let a convolution pass its input windows directly: with K = kernel*channels the window
 * of output step t is K consecutive floats of a zero-padded input, so rows overlap and no im2col copy is made.
 * When {@code accumulate} is false C is overwritten, else added to.
 *
 * <p>Results must not depend on the number of threads: work is split over M and N only, and each C element's
 * sum over p runs in one fixed order.
 */
public interface MatMul {

    /** A short name for benchmark tables, e.g. "vector-8x32" or "scalar". */
    String name();

    void multiply(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, boolean accumulate);

    void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                             float[] c, int cOff, int ldc, boolean accumulate);
}
