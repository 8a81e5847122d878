package ser.engine.linalg;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

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
 *   pack all of B into NR-wide strips, per K block of KC rows     (shared by the threads; L3)
 *   for each unit of C (MC rows x a column chunk), taken by whichever thread is free:
 *     for pc in K step KC:
 *       pack the A block (MC x KC) into MR-tall strips           (L2)
 *       for jr in chunk step NR:                                   B strip  KC x NR   (L1/L2)
 *         for ir in MC step MR:                                    A strip  KC x MR
 *           C[ir.., jr..] (+)= A strip . B strip                  the micro-kernel; the C unit stays in L2
 * </pre>
 *
 * Packing is where the operand layouts of {@link MatMul} are resolved: A's rows come through {@code aRows} (so a
 * convolution's overlapping windows are gathered here, im2col for free), B through {@code ldb} or {@code bRows}.
 * Tiles cut by the edges of C are computed into a scratch tile by the same kernel (zero-padded panels) and copied
 * back, so edges cost no special arithmetic and are exact.
 *
 * <p>Determinism: the sum for one C element runs over K in blocks of KC in ascending order, each block in one
 * fused-multiply-add chain that starts from the running C value. Neither the blocking of K nor the arithmetic of a
 * unit depends on M, N, the thread count or which thread computes the unit, so any thread count gives the same
 * bits.
 */
public final class VectorMatMul implements MatMul {

    /**
     * The one vector shape used. Code elsewhere in the JVM should use the same: a second FloatVector species
     * makes the Vector API's call sites polymorphic and every kernel fell to 6.5 GFLOP/s when one was tried.
     */
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
    /** Below this many flops the work runs on the calling thread: waking a worker costs more. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 21;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    /** Packed B of the call in progress, owned by the calling thread and read by the workers. */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);

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
        int threads = pool.threads() > 1 && 2L * o.M * o.N * o.K >= PARALLEL_MIN_FLOPS ? pool.threads() : 1;
        int nStrips = (o.N + NR - 1) / NR;
        int nPadded = nStrips * NR;

        // 1. Pack all of B once, shared by every thread: block pc (KC rows) starts at pc * nPadded and holds the
        //    NR-wide strips one after another, each kc x NR row-major.
        float[] pb = packedB(o.K * nPadded);
        if (threads == 1) {
            packB(o, pb, nPadded, 0, nStrips);
        } else {
            pool.forRange(nStrips, (s0, s1) -> packB(o, pb, nPadded, s0, s1));
        }

        // 2. Cut C into units of MC rows x a column chunk; threads take units from a counter until none is left.
        //    A unit's result does not depend on which thread computes it, so any schedule gives the same bits,
        //    and a thread slowed by another process simply takes fewer units.
        int mBlocks = (o.M + MC - 1) / MC;
        int chunkStrips = nStrips;
        if (threads > 1 && mBlocks < 2 * threads) { // few row blocks (small M): cut the columns too
            chunkStrips = Math.max(1, (nStrips + 2 * threads - 1) / (2 * threads));
        }
        int chunk = chunkStrips * NR;
        int nChunks = (nStrips + chunkStrips - 1) / chunkStrips;
        int units = mBlocks * nChunks;
        AtomicInteger next = new AtomicInteger();
        WorkerPool.RangeBody worker = (t0, t1) -> {
            Workspace w = WORKSPACE.get();
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                int m0 = (u / nChunks) * MC;
                int n0 = (u % nChunks) * chunk;
                unit(o, w, pb, nPadded, m0, Math.min(o.M, m0 + MC), n0, Math.min(o.N, n0 + chunk));
            }
        };
        if (threads == 1) {
            worker.run(0, 1);
        } else {
            pool.forRange(threads, worker);
        }
    }

    /** The calling thread's buffer for packed B, grown when a call needs more. */
    private static float[] packedB(int size) {
        float[] pb = PACKED_B.get();
        if (pb.length < size) {
            pb = new float[size];
            PACKED_B.set(pb);
        }
        return pb;
    }

    /**
     * C[m0..m1, n0..n1] (+)= A[m0..m1, :] . B[:, n0..n1], n0 a multiple of NR. The C block (at most MC rows) stays
     * in L2 while the loop runs over all of K: one pass over C in memory, not one per K block.
     */
    private static void unit(Operands o, Workspace w, float[] pb, int nPadded, int m0, int m1, int n0, int n1) {
        int mc = m1 - m0;
        for (int pc = 0; pc < o.K; pc += KC) {
            int kc = Math.min(KC, o.K - pc);
            boolean load = o.accumulate || pc > 0; // start from C, or from zero on the first block
            if (o.transposedA) {
                packAColumns(o.a, o.aRows, pc, kc, m0, mc, w.a);
            } else {
                packARows(o.a, o.aRows, pc, kc, m0, mc, w.a);
            }
            for (int jr = n0; jr < n1; jr += NR) {
                int nr = Math.min(NR, n1 - jr);
                int bStrip = pc * nPadded + jr * kc;
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int ci = o.cOff + (m0 + ir) * o.ldc + jr;
                    if (mr == MR && nr == NR) {
                        kernel(kc, w.a, ir * kc, pb, bStrip, o.c, ci, o.ldc, load);
                    } else {
                        edgeTile(kc, w.a, ir * kc, pb, bStrip, w.tile, o.c, ci, o.ldc, mr, nr, load);
                    }
                }
            }
        }
    }

    /** A tile cut by the edge of C: run the full kernel on a scratch tile, then copy the mr x nr valid part. */
    private static void edgeTile(int kc, float[] pa, int aOff, float[] pb, int bOff, float[] t, float[] c, int ci,
                                 int ldc, int mr, int nr, boolean load) {
        if (load) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, ci + r * ldc, t, r * NR, nr);
            }
        }
        kernel(kc, pa, aOff, pb, bOff, t, 0, NR, load);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t, r * NR, c, ci + r * ldc, nr);
        }
    }

    /**
     * Strips [s0, s1) of B, for every K block, into pb (layout in {@link #run}); B(p, j) = b[bOff + p*ldb + j], or
     * b[bRows[p] + j] in the transposed-A form. Columns past N are zero.
     */
    private static void packB(Operands o, float[] pb, int nPadded, int s0, int s1) {
        for (int pc = 0; pc < o.K; pc += KC) {
            int kc = Math.min(KC, o.K - pc);
            for (int s = s0; s < s1; s++) {
                int j0 = s * NR;
                int nr = Math.min(NR, o.N - j0);
                int dst = pc * nPadded + j0 * kc;
                for (int p = pc; p < pc + kc; p++, dst += NR) {
                    int src = (o.transposedA ? o.bRows[p] : o.bOff + p * o.ldb) + j0;
                    System.arraycopy(o.b, src, pb, dst, nr);
                    if (nr < NR) {
                        Arrays.fill(pb, dst + nr, dst + NR, 0f);
                    }
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

    /** A(i, p) = a[aRows[p] + i], otherwise as {@link #packARows}: each step p copies MR contiguous floats per strip. */
    private static void packAColumns(float[] a, int[] aRows, int pc, int kc, int ic, int mc, float[] pa) {
        int full = mc / MR * MR;
        for (int p = 0; p < kc; p++) {
            int src = aRows[pc + p] + ic; // one row of A^T: mc contiguous floats, scattered to the strips
            for (int ir = 0; ir < full; ir += MR) {
                int d = ir * kc + p * MR, q = src + ir;
                for (int r = 0; r < MR; r++) { // not arraycopy: a call per 8 floats costs more than the copy
                    pa[d + r] = a[q + r];
                }
            }
            if (full < mc) {
                int dst = full * kc + p * MR;
                int mr = mc - full;
                System.arraycopy(a, src + full, pa, dst, mr);
                Arrays.fill(pa, dst + mr, dst + MR, 0f);
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
        final float[] tile = new float[MR * NR];
    }
}
