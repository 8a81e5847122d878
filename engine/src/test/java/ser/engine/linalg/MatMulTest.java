package ser.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ser.engine.concurrent.WorkerPool;

/**
 * Every fast {@link MatMul} against {@link SimpleMatMul} on shapes chosen to hit each edge of the blocking (tile
 * edges +-1, panel edges, primes, 1x1x1) and on convolution-like operands (overlapping row windows), in both forms,
 * with and without accumulation, with offsets and leading dimensions larger than N.
 *
 * <p>The vector kernel fuses multiply and add and sums K in blocks, so it is compared with a rounding bound:
 * |fast - simple| &lt;= 2 (K + 1) u sum_p |a_ip b_pj| (+ |c_ij| when accumulating), u = 2^-24, the textbook bound for
 * two float dot products of length K. A wrong index or a lost term is off by about |a b|, far above it.
 * The scalar fallback keeps SimpleMatMul's summation order and must match it bit for bit; every vector variant
 * (each {@link RegisterTile}, and a tiny blocking that cuts K and M into many blocks) must equal the scalar
 * fused-multiply-add chain of {@link FmaChainMatMul} bit for bit. Narrower vector lengths run in a child JVM
 * ({@link MatMulSpeciesTest}), since one JVM uses one vector species.
 */
class MatMulTest {

    private static final WorkerPool POOL2 = new WorkerPool(2);
    private static final WorkerPool POOL3 = new WorkerPool(3);
    private static final SimpleMatMul SIMPLE = new SimpleMatMul();
    private static final FmaChainMatMul FMA_CHAIN = new FmaChainMatMul();
    private static double worstVectorRatio;

    @AfterAll
    static void report() {
        System.out.printf("MatMulTest: worst |vector - simple| / (u * sum|a b|) = %.2f (bound 2(K+1))%n",
                worstVectorRatio);
        POOL2.close();
        POOL3.close();
    }

    /** Fast kernels under test, each with a 2-thread pool: the fallback, then every vector variant. */
    static List<MatMul> kernels() {
        List<MatMul> ks = new ArrayList<>();
        ks.add(new ScalarMatMul(POOL2));
        ks.addAll(vectorVariants(POOL2));
        return ks;
    }

    /** Every register tile with the production blocking, and one with a tiny blocking (KC 16, MC 2 tiles). */
    static List<MatMul> vectorVariants(WorkerPool pool) {
        List<MatMul> ks = new ArrayList<>();
        if (MatMuls.vectorApiAvailable()) {
            for (RegisterTile t : RegisterTile.values()) {
                ks.add(new VectorMatMul(pool, t));
            }
            ks.add(new VectorMatMul(pool, RegisterTile.T6X2, 16, 12));
        }
        return ks;
    }

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (MatMul k : kernels()) {
            for (int[] s : edgeShapes(k)) {
                out.add(Arguments.of(k, s[0], s[1], s[2]));
            }
        }
        return out.stream();
    }

    /** M, N, K at each edge of the kernel's blocking: tile and block edges +-1, primes, 1x1x1, K = 0. */
    static int[][] edgeShapes(MatMul k) {
        int mr = 8, nr = 32, kc = 512, mc = 128;
        if (k instanceof VectorMatMul v) {
            mr = v.mr();
            nr = v.nr();
            kc = v.kc();
            mc = v.mc();
        }
        return new int[][] {
                {1, 1, 1}, {2, 3, 5}, {7, 13, 11}, {17, 31, 29}, {1, 300, 7}, {300, 1, 7}, {5, 5, 0},
                {mr - 1, nr - 1, kc - 1}, {mr, nr, kc}, {mr + 1, nr + 1, kc + 1},
                {mr, nr + 1, 3}, {mr + 1, nr, 3}, {2 * mr - 1, 2 * nr + 1, 2 * kc + 1},
                {mc - 1, nr, 9}, {mc + mr + 1, 3 * nr - 1, 37}, {19, 1029, 13}, {2, 5 * nr + 3, 9},
                {3, 2 * ScalarMatMul.NC + 3, ScalarMatMul.KC + 5},
        };
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3}")
    @MethodSource("shapes")
    void multiplyMatchesSimple(MatMul kernel, int M, int N, int K) {
        for (boolean accumulate : new boolean[] {false, true}) {
            // Rows of A scattered with gaps, B and C with offsets and leading dimensions wider than N.
            Problem p = Problem.rowsWithGaps(M, N, K, 31L * M + 7L * N + K);
            checkMultiply(kernel, p, accumulate);
        }
    }

    @ParameterizedTest(name = "{0} M={1} N={2} K={3}")
    @MethodSource("shapes")
    void transposedAMatchesSimple(MatMul kernel, int M, int N, int K) {
        for (boolean accumulate : new boolean[] {false, true}) {
            checkTransposed(kernel, Problem.transposed(M, N, K, 17L * M + 5L * N + K), accumulate);
        }
    }

    /** A convolution's forward product: overlapping input windows are the rows of A (K = kernel * channels). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void convolutionWindows(MatMul kernel) {
        int[][] convs = {{2, 259, 1, 64}, {3, 37, 24, 40}, {2, 32, 40, 48}, {4, 4, 64, 64}}; // batch, T, Cin, Cout
        for (int[] cv : convs) {
            int batch = cv[0], steps = cv[1], cin = cv[2], cout = cv[3], width = 8;
            int padded = steps + width - 1; // 'same' padding: 3 zeros left, 4 right
            SplittableRandom rnd = new SplittableRandom(steps * 1000L + cin);
            float[] x = random(rnd, batch * padded * cin);
            int[] windows = new int[batch * steps];
            for (int n = 0; n < batch; n++) {
                for (int t = 0; t < steps; t++) {
                    windows[n * steps + t] = (n * padded + t) * cin;
                }
            }
            int M = batch * steps, K = width * cin, N = cout;
            float[] w = random(rnd, K * N);
            Problem fwd = new Problem(M, N, K, x, windows, w, 0, N, null, random(rnd, M * N), 0, N);
            checkMultiply(kernel, fwd, false);
            checkMultiply(kernel, fwd, true);

            // Weight gradient: dW[K x Cout] = sum over windows r of window_r^T . dY_r (rows of A overlap again).
            float[] dy = random(rnd, M * N);
            int[] dyRows = new int[M];
            for (int r = 0; r < M; r++) {
                dyRows[r] = r * N;
            }
            Problem grad = new Problem(K, N, M, x, windows, dy, 0, 0, dyRows, random(rnd, K * N), 0, N);
            checkTransposed(kernel, grad, false);
            checkTransposed(kernel, grad, true);
        }
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        int[][] mnk = {{300, 200, 300}, {5, 700, 300}, {777, 64, 192}, {100, 1500, 40}};
        for (int[] s : mnk) {
            int M = s[0], N = s[1], K = s[2];
            Problem p = Problem.rowsWithGaps(M, N, K, M + N + K);
            Problem t = Problem.transposed(M, N, K, M * 3L + N);
            List<List<MatMul>> families = new ArrayList<>();
            families.add(List.of(new ScalarMatMul(WorkerPool.single()), new ScalarMatMul(POOL2),
                    new ScalarMatMul(POOL3)));
            if (MatMuls.vectorApiAvailable()) {
                for (RegisterTile tile : RegisterTile.values()) {
                    families.add(List.of(new VectorMatMul(WorkerPool.single(), tile), new VectorMatMul(POOL2, tile),
                            new VectorMatMul(POOL3, tile)));
                }
            }
            for (List<MatMul> family : families) {
                float[] ref = null;
                float[] refT = null;
                for (MatMul k : family) {
                    float[] c = p.c.clone();
                    k.multiply(M, N, K, p.a, p.aRows, p.b, p.bOff, p.ldb, c, p.cOff, p.ldc, true);
                    float[] ct = t.c.clone();
                    k.multiplyTransposedA(M, N, K, t.a, t.aRows, t.b, t.bRows, ct, t.cOff, t.ldc, false);
                    if (ref == null) {
                        ref = c;
                        refT = ct;
                    } else {
                        assertArrayEquals(ref, c, k.name() + " multiply differs across thread counts " + M + "x" + N
                                + "x" + K);
                        assertArrayEquals(refT, ct, k.name() + " multiplyTransposedA differs across thread counts");
                    }
                }
            }
        }
    }

    /** The fallback keeps SimpleMatMul's order of additions exactly. */
    @Test
    void scalarEqualsSimpleBitForBit() {
        ScalarMatMul scalar = new ScalarMatMul(POOL2);
        for (int[] s : new int[][] {{33, 1031, 261}, {64, 9, 1000}}) {
            Problem p = Problem.rowsWithGaps(s[0], s[1], s[2], 99);
            float[] expected = p.c.clone();
            float[] actual = p.c.clone();
            SIMPLE.multiply(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bOff, p.ldb, expected, p.cOff, p.ldc, true);
            scalar.multiply(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bOff, p.ldb, actual, p.cOff, p.ldc, true);
            assertArrayEquals(expected, actual);
        }
    }

    /** Selection seam: a JVM without jdk.incubator.vector gets the plain-Java kernel, which is correct above. */
    @Test
    void selectionFallsBackWithoutTheVectorModule() {
        MatMul chosen = MatMuls.select(POOL2, module -> false);
        assertInstanceOf(ScalarMatMul.class, chosen);
        if (MatMuls.vectorApiAvailable()) {
            assertInstanceOf(VectorMatMul.class, MatMuls.select(POOL2, module -> true));
            assertInstanceOf(VectorMatMul.class, MatMuls.best(POOL2));
            assertTrue(MatMuls.description().contains("vector-"), MatMuls.description());
        }
    }

    @Test
    void badArgumentsFailWithOneLineNamingTheOperand() {
        MatMul k = kernels().get(kernels().size() - 1);
        float[] a = new float[10], b = new float[10], c = new float[10];
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> k.multiply(2, 2, 4, a, new int[] {0, 8}, b, 0, 2, c, 0, 2, false));
        assertTrue(e1.getMessage().contains("aRows[1]=8"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> k.multiply(2, 3, 4, a, new int[] {0, 1}, b, 0, 3, c, 0, 3, false));
        assertTrue(e2.getMessage().contains("B [4 x 3]"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> k.multiplyTransposedA(2, 2, 2, a, new int[] {0, 1}, b, new int[] {0}, c, 0, 2, false));
        assertTrue(e3.getMessage().contains("bRows.length=1"), e3.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void checkMultiply(MatMul kernel, Problem p, boolean accumulate) {
        float[] expected = p.c.clone();
        float[] actual = p.c.clone();
        SIMPLE.multiply(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bOff, p.ldb, expected, p.cOff, p.ldc, accumulate);
        kernel.multiply(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bOff, p.ldb, actual, p.cOff, p.ldc, accumulate);
        compare(kernel, "multiply", p, expected, actual, accumulate, (i, j) -> {
            double s = 0;
            for (int q = 0; q < p.K; q++) {
                s += Math.abs((double) p.a[p.aRows[i] + q] * p.b[p.bOff + q * p.ldb + j]);
            }
            return s;
        });
    }

    private static void checkTransposed(MatMul kernel, Problem p, boolean accumulate) {
        float[] expected = p.c.clone();
        float[] actual = p.c.clone();
        SIMPLE.multiplyTransposedA(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bRows, expected, p.cOff, p.ldc, accumulate);
        kernel.multiplyTransposedA(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bRows, actual, p.cOff, p.ldc, accumulate);
        compare(kernel, "multiplyTransposedA", p, expected, actual, accumulate, (i, j) -> {
            double s = 0;
            for (int r = 0; r < p.K; r++) {
                s += Math.abs((double) p.a[p.aRows[r] + i] * p.b[p.bRows[r] + j]);
            }
            return s;
        });
    }

    interface AbsSum {
        double at(int i, int j);
    }

    private static void compare(MatMul kernel, String form, Problem p, float[] expected, float[] actual,
                                boolean accumulate, AbsSum absSum) {
        String what = kernel.name() + " " + form + " M=" + p.M + " N=" + p.N + " K=" + p.K + " accumulate="
                + accumulate;
        // Everything outside the C block must be untouched.
        boolean[] inBlock = new boolean[actual.length];
        for (int i = 0; i < p.M; i++) {
            for (int j = 0; j < p.N; j++) {
                inBlock[p.cOff + i * p.ldc + j] = true;
            }
        }
        for (int x = 0; x < actual.length; x++) {
            if (!inBlock[x]) {
                assertEquals(p.c[x], actual[x], what + ": wrote outside C at " + x);
            }
        }
        if (kernel instanceof ScalarMatMul) {
            assertArrayEquals(expected, actual, what + ": scalar must equal simple bit for bit");
            return;
        }
        float[] chain = p.c.clone();
        if (form.equals("multiply")) {
            FMA_CHAIN.multiply(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bOff, p.ldb, chain, p.cOff, p.ldc, accumulate);
        } else {
            FMA_CHAIN.multiplyTransposedA(p.M, p.N, p.K, p.a, p.aRows, p.b, p.bRows, chain, p.cOff, p.ldc,
                    accumulate);
        }
        assertArrayEquals(chain, actual, what + ": must equal the scalar FMA chain bit for bit");
        double u = Math.ulp(1f) / 2;
        for (int i = 0; i < p.M; i++) {
            for (int j = 0; j < p.N; j++) {
                int x = p.cOff + i * p.ldc + j;
                double s = absSum.at(i, j) + (accumulate ? Math.abs(p.c[x]) : 0);
                double err = Math.abs((double) actual[x] - expected[x]);
                double bound = 2 * (p.K + 1) * u * s;
                if (s > 0) {
                    worstVectorRatio = Math.max(worstVectorRatio, err / (u * s));
                }
                assertTrue(err <= bound, what + ": C(" + i + "," + j + ") = " + actual[x] + " vs " + expected[x]
                        + ", error " + err + " > bound " + bound);
            }
        }
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    /**
     * Operands of either form. multiply: A rows of K floats at aRows, B [K x N] at bOff with leading dimension
     * ldb, bRows null. multiplyTransposedA: aRows holds K offsets of M-float rows, bRows K offsets of N-float rows.
     * C [M x N] at cOff with leading dimension ldc. Arrays keep slack around the used parts.
     */
    record Problem(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb, int[] bRows, float[] c,
                   int cOff, int ldc) {

        /** multiply operands: rows of A with gaps of 3, in decreasing order; ldb = N + 2, ldc = N + 3. */
        static Problem rowsWithGaps(int M, int N, int K, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] a = random(rnd, M * (K + 3) + 2);
            int[] aRows = gappedRows(M, K);
            int ldb = N + 2, bOff = 5;
            float[] b = random(rnd, bOff + K * ldb + 4);
            int ldc = N + 3, cOff = 4;
            float[] c = random(rnd, cOff + M * ldc + 6);
            return new Problem(M, N, K, a, aRows, b, bOff, ldb, null, c, cOff, ldc);
        }

        /** multiplyTransposedA operands: K rows of M floats (A) and of N floats (B), both gapped and reversed. */
        static Problem transposed(int M, int N, int K, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] a = random(rnd, K * (M + 3) + 2);
            float[] b = random(rnd, K * (N + 3) + 2);
            int ldc = N + 1, cOff = 2;
            float[] c = random(rnd, cOff + M * ldc + 3);
            return new Problem(M, N, K, a, gappedRows(K, M), b, 0, 0, gappedRows(K, N), c, cOff, ldc);
        }

        /** count rows of width floats, 3 floats apart, in decreasing order (offsets need not increase). */
        private static int[] gappedRows(int count, int width) {
            int[] rows = new int[count];
            for (int i = 0; i < count; i++) {
                rows[count - 1 - i] = 1 + i * (width + 3);
            }
            return rows;
        }
    }
}
