package ser.engine.linalg;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import ser.engine.concurrent.WorkerPool;

/**
 * SGEMM on the Vector API, organised as in GotoBLAS/BLIS: operands are copied ("packed") into contiguous panels
 * sized for the caches, and a register-blocked micro-kernel multiplies an {@value #MR}-row strip of A by a
 * {@code NR = 2 * lanes}-column strip of B, holding the whole MR x NR tile of C in vector registers while it runs
 * over the shared dimension.
 *
 * <pre>
 *   for jc in N step NC:                    B block  KC x NC   (L3 / L2)
 *     for pc in K step KC:   pack B block into NR-wide strips, each KC x NR row-major
 *       for ic in M step MC: pack A block into MR-tall strips, each KC x MR (column of A contiguous)
 *         for jr in NC step NR:             B strip  KC x NR   (L1)
 *           for ir in MC step MR:           A strip  KC x MR   (streamed from L2)
 *             C[ir.., jr..] (+)= A strip . B strip         the micro-kernel
 * </pre>
 *
 * Packing is where the operand layouts of {@link MatMul} are resolved: A's rows come through {@code aRows} (so a
 * convolution's overlapping windows are gathered here, im2col for free), B through {@code ldb} or {@code bRows}.
 * Tiles cut by the edges of C are computed into a scratch tile by the same kernel (zero-padded panels) and copied
 * back, so edges cost no special arithmetic and are exact.
 *
 * <p>Determinism: the sum for one C element runs over K in blocks of KC in ascending order, each block in one
 * fused-multiply-add chain that starts from the running C value; blocking of K does not depend on M, N or the
 * thread count, and threads split only M or N, so any thread count gives the same bits.
 */
public final class VectorMatMul implements MatMul {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector: 16 with AVX-512, 8 with AVX2. */
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 8;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * Depth of a packed block. Each block is one more pass of loads and stores over C, so deeper is better until
     * the panels fall out of cache: at 512 a KC x NR strip of B (64 KiB at 512 bits) streams from L2 and the
     * A block from L2 too; measured 3-10% faster than 256 on the conv-shaped product, equal on the others.
     */
    static final int KC = 512;
    /** Rows of a packed A block: MC x KC floats (256 KiB) stay in L2. */
    static final int MC = 128;
    /** Columns of a packed B block: KC x NC floats (1 MiB). */
    static final int NC = 1024 / NR * NR;
    /** Below this many flops the work runs on the calling thread: waking a worker costs more. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 21;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private final WorkerPool pool;

    public VectorMatMul(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "vector-" + MR + "x" + NR;
    }

    /** The vector shape this JVM picked, e.g. "512-bit FloatVector". */
    static String species() {
        return S.vectorBitSize() + "-bit FloatVector";
    }

    @Override
    public void multiply(int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkMultiply(name(), M, N, K, a, aRows, b, bOff, ldb, c, cOff, ldc);
        run(new Operands(false, M, N, K, a, aRows, b, bOff, ldb, null, c, cOff, ldc, accumulate));
    }

    @Override
    public void multiplyTransposedA(int M, int N, int K, float[] a, int[] aRows, float[] b, int[] bRows,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        MatMulArgs.checkTransposedA(name(), M, N, K, a, aRows, b, bRows, c, cOff, ldc);
        run(new Operands(true, M, N, K, a, aRows, b, 0, 0, bRows, c, cOff, ldc, accumulate));
    }

    /** The arguments of one call; {@code transposedA} selects the second form of {@link MatMul}. */
    private record Operands(boolean transposedA, int M, int N, int K, float[] a, int[] aRows, float[] b, int bOff,
                            int ldb, int[] bRows, float[] c, int cOff, int ldc, boolean accumulate) {
    }

    /** Splits C over threads by whole MR-row or NR-column strips, whichever dimension has more of them. */
    private void run(Operands o) {
        if (o.M == 0 || o.N == 0) {
            return;
        }
        if (o.K == 0) {
            if (!o.accumulate) {
                for (int i = 0; i < o.M; i++) {
                    Arrays.fill(o.c, o.cOff + i * o.ldc, o.cOff + i * o.ldc + o.N, 0f);
                }
            }
            return;
        }
        int mStrips = (o.M + MR - 1) / MR;
        int nStrips = (o.N + NR - 1) / NR;
        boolean parallel = pool.threads() > 1 && 2L * o.M * o.N * o.K >= PARALLEL_MIN_FLOPS;
        if (!parallel) {
            block(o, 0, o.M, 0, o.N);
        } else if (mStrips >= nStrips) {
            pool.forRange(mStrips, (s0, s1) -> block(o, s0 * MR, Math.min(o.M, s1 * MR), 0, o.N));
        } else {
            pool.forRange(nStrips, (s0, s1) -> block(o, 0, o.M, s0 * NR, Math.min(o.N, s1 * NR)));
        }
    }

    /** C[m0..m1, n0..n1] on the calling thread with its own packing buffers. */
    private static void block(Operands o, int m0, int m1, int n0, int n1) {
        Workspace w = WORKSPACE.get();
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < o.K; pc += KC) {
                int kc = Math.min(KC, o.K - pc);
                boolean load = o.accumulate || pc > 0; // start from C, or from zero on the first block
                if (o.transposedA) {
                    packBRows(o.b, o.bRows, pc, kc, jc, nc, w.b);
                } else {
                    packBStrided(o.b, o.bOff, o.ldb, pc, kc, jc, nc, w.b);
                }
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    if (o.transposedA) {
                        packAColumns(o.a, o.aRows, pc, kc, ic, mc, w.a);
                    } else {
                        packARows(o.a, o.aRows, pc, kc, ic, mc, w.a);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = o.cOff + (ic + ir) * o.ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, w.a, ir * kc, w.b, jr * kc, o.c, ci, o.ldc, load);
                            } else {
                                edgeTile(kc, w, ir * kc, jr * kc, o.c, ci, o.ldc, mr, nr, load);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A tile cut by the edge of C: run the full kernel on a scratch tile, then copy the mr x nr valid part. */
    private static void edgeTile(int kc, Workspace w, int aOff, int bOff, float[] c, int ci, int ldc, int mr, int nr,
                                 boolean load) {
        float[] t = w.tile;
        if (load) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, ci + r * ldc, t, r * NR, nr);
            }
        }
        kernel(kc, w.a, aOff, w.b, bOff, t, 0, NR, load);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t, r * NR, c, ci + r * ldc, nr);
        }
    }

    /** B(p, j) = b[bOff + p*ldb + j] for p in [pc, pc+kc), j in [jc, jc+nc) into NR-wide strips, zero-padded. */
    private static void packBStrided(float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            for (int p = 0; p < kc; p++, dst += NR) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, pb, dst, nr);
                if (nr < NR) {
                    Arrays.fill(pb, dst + nr, dst + NR, 0f);
                }
            }
        }
    }

    /** B(p, j) = b[bRows[p] + j], otherwise as {@link #packBStrided}. */
    private static void packBRows(float[] b, int[] bRows, int pc, int kc, int jc, int nc, float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            for (int p = 0; p < kc; p++, dst += NR) {
                System.arraycopy(b, bRows[pc + p] + jc + jr, pb, dst, nr);
                if (nr < NR) {
                    Arrays.fill(pb, dst + nr, dst + NR, 0f);
                }
            }
        }
    }

    /**
     * A(i, p) = a[aRows[i] + p] for i in [ic, ic+mc), p in [pc, pc+kc) into MR-tall strips: strip s holds
     * pa[s*MR*kc + p*MR + r] = A(ic + s*MR + r, pc + p), rows past the edge zero.
     */
    private static void packARows(float[] a, int[] aRows, int pc, int kc, int ic, int mc, float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int strip = ir * kc;
            for (int r = 0; r < MR; r++) {
                if (r < mr) {
                    int src = aRows[ic + ir + r] + pc;
                    for (int p = 0; p < kc; p++) {
                        pa[strip + p * MR + r] = a[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        pa[strip + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** A(i, p) = a[aRows[p] + i], otherwise as {@link #packARows}: each step p copies MR contiguous floats. */
    private static void packAColumns(float[] a, int[] aRows, int pc, int kc, int ic, int mc, float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            for (int p = 0; p < kc; p++, dst += MR) {
                System.arraycopy(a, aRows[pc + p] + ic + ir, pa, dst, mr);
                if (mr < MR) {
                    Arrays.fill(pa, dst + mr, dst + MR, 0f);
                }
            }
        }
    }

    // docs:begin micro-kernel
    /**
     * C[0..MR, 0..NR] (+)= A strip . B strip, with C(r, j) = c[ci + r*ldc + j], A(r, p) = pa[ia + p*MR + r],
     * B(p, j) = pb[ib + p*NR + j]. The 16 accumulators (8 rows x 2 vectors) live in registers for all kc steps;
     * each step loads 2 vectors of B, broadcasts 8 floats of A and issues 16 fused multiply-adds.
     */
    private static void kernel(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                               boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci);               c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);         c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);     c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);     c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);     c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);     c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);     c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);     c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * MR;
            int bp = ib + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]);     c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, pa[a + 1]); c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, pa[a + 2]); c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, pa[a + 3]); c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, pa[a + 4]); c40 = ar.fma(b0, c40); c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, pa[a + 5]); c50 = ar.fma(b0, c50); c51 = ar.fma(b1, c51);
            ar = FloatVector.broadcast(S, pa[a + 6]); c60 = ar.fma(b0, c60); c61 = ar.fma(b1, c61);
            ar = FloatVector.broadcast(S, pa[a + 7]); c70 = ar.fma(b0, c70); c71 = ar.fma(b1, c71);
        }
        c00.intoArray(c, ci);               c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);         c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);     c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);     c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);     c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);     c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);     c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);     c71.intoArray(c, ci + 7 * ldc + L);
    }
    // docs:end micro-kernel

    /** One thread's packing buffers, allocated once per thread and reused by every call. */
    private static final class Workspace {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }
}
