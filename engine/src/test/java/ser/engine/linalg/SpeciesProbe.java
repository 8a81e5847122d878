package ser.engine.linalg;

import java.util.SplittableRandom;

import ser.engine.concurrent.WorkerPool;

/**
 * Started by {@link MatMulSpeciesTest} in a JVM whose vector length is forced with
 * {@code -Dser.matmul.species=BITS}: runs every register tile on 1, 2 and 3 threads over edge shapes and
 * convolution windows, in both forms, and compares each result with {@link FmaChainMatMul} bit for bit. Prints
 * one line "BITS-bit TILE..." naming the species and the tiles checked, or exits 1 naming the first mismatch.
 */
public final class SpeciesProbe {

    public static void main(String[] args) {
        StringBuilder checked = new StringBuilder(VectorMatMul.S.vectorBitSize() + "-bit");
        FmaChainMatMul chain = new FmaChainMatMul();
        try (WorkerPool two = new WorkerPool(2); WorkerPool three = new WorkerPool(3)) {
            for (RegisterTile tile : RegisterTile.values()) {
                for (WorkerPool pool : new WorkerPool[] {WorkerPool.single(), two, three}) {
                    VectorMatMul k = new VectorMatMul(pool, tile);
                    for (int[] s : MatMulTest.edgeShapes(k)) {
                        check(k, chain, s[0], s[1], s[2]);
                    }
                }
                checked.append(' ').append(tile.label());
            }
        }
        System.out.println(checked);
    }

    private static void check(VectorMatMul k, FmaChainMatMul chain, int M, int N, int K) {
        for (boolean accumulate : new boolean[] {false, true}) {
            MatMulTest.Problem p = MatMulTest.Problem.rowsWithGaps(M, N, K, 31L * M + 7L * N + K);
            float[] expected = p.c().clone();
            float[] actual = p.c().clone();
            chain.multiply(M, N, K, p.a(), p.aRows(), p.b(), p.bOff(), p.ldb(), expected, p.cOff(), p.ldc(),
                    accumulate);
            k.multiply(M, N, K, p.a(), p.aRows(), p.b(), p.bOff(), p.ldb(), actual, p.cOff(), p.ldc(), accumulate);
            same(k, "multiply", M, N, K, expected, actual);
            MatMulTest.Problem t = MatMulTest.Problem.transposed(M, N, K, 17L * M + 5L * N + K);
            expected = t.c().clone();
            actual = t.c().clone();
            chain.multiplyTransposedA(M, N, K, t.a(), t.aRows(), t.b(), t.bRows(), expected, t.cOff(), t.ldc(),
                    accumulate);
            k.multiplyTransposedA(M, N, K, t.a(), t.aRows(), t.b(), t.bRows(), actual, t.cOff(), t.ldc(),
                    accumulate);
            same(k, "multiplyTransposedA", M, N, K, expected, actual);
        }
    }

    private static void same(VectorMatMul k, String form, int M, int N, int K, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                System.out.println(k + " " + form + " M=" + M + " N=" + N + " K=" + K + ": element " + i + " is "
                        + actual[i] + ", the FMA chain gives " + expected[i]);
                System.exit(1);
            }
        }
    }

    private SpeciesProbe() {
    }
}
