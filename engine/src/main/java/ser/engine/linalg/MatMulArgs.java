package ser.engine.linalg;

/**
 * Up-front argument checks shared by every {@link MatMul}: a bad shape or offset fails here with one line naming
 * the operand and the numbers, never as an ArrayIndexOutOfBoundsException from inside a kernel loop.
 */
final class MatMulArgs {

    private MatMulArgs() {
    }

    static void checkMultiply(String who, int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        checkDims(who, M, N, K);
        checkRows(who, "A", "aRows", aRows, M, K, a);
        if (K > 0 && N > 0) {
            if (ldb < N) {
                throw new IllegalArgumentException(who + ": ldb=" + ldb + " < N=" + N);
            }
            long last = (long) bOff + (long) (K - 1) * ldb + N;
            if (bOff < 0 || last > b.length) {
                throw new IllegalArgumentException(who + ": B [" + K + " x " + N + "] at offset " + bOff
                        + " with ldb=" + ldb + " needs " + last + " floats, b.length=" + b.length);
            }
        }
        checkC(who, M, N, c, cOff, ldc);
    }

    static void checkTransposedA(String who, int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                                 float[] c, int cOff, int ldc) {
        checkDims(who, M, N, K);
        checkRows(who, "A", "aRows", aRows, K, M, a);
        checkRows(who, "B", "bRows", bRows, K, N, b);
        checkC(who, M, N, c, cOff, ldc);
    }

    private static void checkDims(String who, int M, int N, int K) {
        if (M < 0 || N < 0 || K < 0) {
            throw new IllegalArgumentException(who + ": negative size M=" + M + " N=" + N + " K=" + K);
        }
    }

    /** Each of the first {@code count} offsets must start a run of {@code width} floats inside {@code data}. */
    private static void checkRows(String who, String operand, String rowsName, int[] rows, int count, int width,
                                  float[] data) {
        if (rows.length < count) {
            throw new IllegalArgumentException(who + ": " + rowsName + ".length=" + rows.length + " < " + count
                    + " rows of " + operand);
        }
        if (width == 0) {
            return;
        }
        int limit = data.length - width;
        for (int r = 0; r < count; r++) {
            int off = rows[r];
            if (off < 0 || off > limit) {
                throw new IllegalArgumentException(who + ": " + rowsName + "[" + r + "]=" + off + " + " + width
                        + " floats of " + operand + " exceeds its array of length " + data.length);
            }
        }
    }

    private static void checkC(String who, int M, int N, float[] c, int cOff, int ldc) {
        if (M == 0 || N == 0) {
            return;
        }
        if (ldc < N) {
            throw new IllegalArgumentException(who + ": ldc=" + ldc + " < N=" + N);
        }
        long last = (long) cOff + (long) (M - 1) * ldc + N;
        if (cOff < 0 || last > c.length) {
            throw new IllegalArgumentException(who + ": C [" + M + " x " + N + "] at offset " + cOff + " with ldc="
                    + ldc + " needs " + last + " floats, c.length=" + c.length);
        }
    }
}
