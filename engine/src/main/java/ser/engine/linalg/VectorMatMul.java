package ser.engine.linalg;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import ser.engine.concurrent.WorkerPool;

/**
 * SGEMM on the Vector API, organised as in GotoBLAS/BLIS: operands are copied ("packed") into contiguous panels
 * sized for the caches, and a register-blocked micro-kernel multiplies an MR-row strip of A by an
 * {@code NR = vectors * lanes}-column strip of B, holding the whole MR x NR tile of C in vector registers while it
 * runs over the shared dimension. The tile ({@link RegisterTile}) follows the machine's register file: 5 x 16 floats
 * on AVX2 (16 ymm registers), 8 x 32 on AVX-512 (32 zmm), 8 x 8 on 128-bit NEON (32 q).
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
 * <p>Determinism: every C element is one fused-multiply-add chain over p = 0..K-1 in ascending order, starting
 * from C (accumulate) or from zero; between K blocks the running value is stored to C and loaded back, which is
 * exact. So the bits depend neither on the blocking (KC, MC), nor on the tile, nor on the vector length, nor on
 * the thread count or the schedule: every variant equals the scalar chain {@code c = Math.fma(a, b, c)}.
 *
 * <p>Variants: the vector length is {@code FloatVector.SPECIES_PREFERRED} unless the system property
 * {@value #SPECIES_PROPERTY} names a narrower one in bits (128 forces NEON's width on an x86 machine, to test that
 * code path); the tile is {@link RegisterTile#forMachine} unless {@value RegisterTile#PROPERTY} names one, or a
 * constructor is given one.
 */
public final class VectorMatMul implements MatMul {

    /** System property forcing the vector length in bits (128, 256, 512), at most the preferred one. */
    public static final String SPECIES_PROPERTY = "ser.matmul.species";
    /**
     * The one vector shape used. Code elsewhere in the JVM should use the same: a second FloatVector species
     * makes the Vector API's call sites polymorphic and C2 stops intrinsifying them (docs/making-it-fast.md).
     */
    static final VectorSpecies<Float> S = speciesFromProperty();
    /** Lanes per vector: 16 with AVX-512, 8 with AVX2, 4 with NEON. */
    static final int L = S.length();
    /**
     * Floats per step in a packed B strip of 2 and 3 vectors. Named constants, so that {@code p * V2} is one
     * multiply by a constant (a shift for 16 or 32): {@code p * 2 * L} parses as {@code (p * 2) * L}, which C2 left
     * as two shifts and then could not prove the B loads in bounds once for the whole loop.
     */
    private static final int V2 = 2 * L, V3 = 3 * L;
    /** Largest MR x NR of any tile, for the edge scratch. */
    private static final int MAX_TILE = 12 * 3 * L;
    /** Below this many flops the work runs on the calling thread: waking a worker costs more. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 21;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    /** Packed B of the call in progress, owned by the calling thread and read by the workers. */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);

    private final WorkerPool pool;
    private final RegisterTile tile;
    /** Rows of the register tile. */
    private final int mr;
    /** Floats per step in a packed A strip: mr rounded up to a power of two ({@link RegisterTile#aStep}). */
    private final int as;
    /** Columns of the register tile: {@code tile.vectors} vectors. */
    private final int nr;
    /**
     * Depth of a packed block, 512. Each block is one more pass of loads and stores over C, so deeper is better
     * until the B strip (KC x NR) no longer stays in cache; 512 against 256 is measured in docs/making-it-fast.md
     * for AVX-512 and AVX2. The bits do not depend on it.
     */
    private final int kc;
    /** Rows of a packed A block, a multiple of MR near 128: MC x KC floats (about 256 KiB) stay in L2. */
    private final int mc;

    /** The kernel with the tile this machine's register file calls for ({@link RegisterTile#forMachine}). */
    public VectorMatMul(WorkerPool pool) {
        this(pool, RegisterTile.forMachine(S.vectorBitSize()));
    }

    /** The kernel with a given register tile, e.g. to compare tiles on one machine. */
    public VectorMatMul(WorkerPool pool, RegisterTile tile) {
        this(pool, tile, 512, 128);
    }

    /**
     * Any blocking, for tuning and for tests: the bits do not depend on it. {@code kc} is the depth of a K block,
     * {@code mcTarget} the rows of an A block, rounded up to a multiple of the tile's rows.
     */
    public VectorMatMul(WorkerPool pool, RegisterTile tile, int kc, int mcTarget) {
        if (kc < 1 || mcTarget < 1) {
            throw new IllegalArgumentException("VectorMatMul: kc and mc must be >= 1, got " + kc + ", " + mcTarget);
        }
        this.pool = pool;
        this.tile = tile;
        this.mr = tile.rows;
        this.as = tile.aStep();
        this.nr = tile.vectors * L;
        this.kc = kc;
        this.mc = (mcTarget + mr - 1) / mr * mr;
    }

    private static VectorSpecies<Float> speciesFromProperty() {
        String bits = System.getProperty(SPECIES_PROPERTY, "preferred");
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits.equals("preferred")) {
            return preferred;
        }
        VectorSpecies<Float> s = switch (bits) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(SPECIES_PROPERTY + "=" + bits
                    + " is not a vector length; use 128, 256, 512 or preferred");
        };
        if (s.vectorBitSize() > preferred.vectorBitSize()) {
            // A wider species than the hardware's is emulated in Java, hundreds of times slower.
            throw new IllegalArgumentException(SPECIES_PROPERTY + "=" + bits + " is wider than this machine's "
                    + preferred.vectorBitSize() + "-bit vectors");
        }
        return s;
    }

    @Override
    public String name() {
        return "vector-" + mr + "x" + nr;
    }

    /** The name with the blocking, e.g. "vector-5x16 (KC 512, MC 130)", for test reports. */
    @Override
    public String toString() {
        return name() + " (KC " + kc + ", MC " + mc + ")";
    }

    /** The register tile this kernel runs. */
    public RegisterTile tile() {
        return tile;
    }

    /** Rows of the register tile (MR). */
    public int mr() {
        return mr;
    }

    /** Columns of the register tile (NR), in floats. */
    public int nr() {
        return nr;
    }

    /** Depth of a packed K block (KC). */
    public int kc() {
        return kc;
    }

    /** Rows of a packed A block (MC). */
    public int mc() {
        return mc;
    }

    /**
     * The vector shape this JVM picked and the register file it implies, e.g. "256-bit FloatVector, 16 vector
     * registers, tile 5x2v".
     */
    static String species() {
        int bits = S.vectorBitSize();
        return bits + "-bit FloatVector, " + RegisterTile.vectorRegisters(System.getProperty("os.arch", ""), bits)
                + " vector registers, tile " + RegisterTile.forMachine(bits).label();
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
        int nStrips = (o.N + nr - 1) / nr;
        int nPadded = nStrips * nr;

        // 1. Pack all of B once, shared by every thread: block pc (KC rows) starts at pc * nPadded and holds the
        //    nr-wide strips one after another, each kc x nr row-major.
        float[] pb = packedB(o.K * nPadded);
        if (threads == 1) {
            packB(o, pb, nPadded, 0, nStrips, nr, kc);
        } else {
            pool.forRange(nStrips, (s0, s1) -> packB(o, pb, nPadded, s0, s1, nr, kc));
        }

        // 2. Cut C into units of mc rows x a column chunk; threads take units from a counter until none is left.
        //    A unit's result does not depend on which thread computes it, so any schedule gives the same bits,
        //    and a thread slowed by another process simply takes fewer units.
        int mBlocks = (o.M + mc - 1) / mc;
        int chunkStrips = nStrips;
        if (threads > 1 && mBlocks < 2 * threads) { // few row blocks (small M): cut the columns too
            chunkStrips = Math.max(1, (nStrips + 2 * threads - 1) / (2 * threads));
        }
        int chunk = chunkStrips * nr;
        int nChunks = (nStrips + chunkStrips - 1) / chunkStrips;
        int units = mBlocks * nChunks;
        AtomicInteger next = new AtomicInteger();
        WorkerPool.RangeBody worker = (t0, t1) -> {
            Workspace w = WORKSPACE.get();
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                int m0 = (u / nChunks) * mc;
                int n0 = (u % nChunks) * chunk;
                unit(o, w, pb, nPadded, m0, Math.min(o.M, m0 + mc), n0, Math.min(o.N, n0 + chunk));
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
    private void unit(Operands o, Workspace w, float[] pb, int nPadded, int m0, int m1, int n0, int n1) {
        int rows = m1 - m0;
        float[] pa = w.a((rows + mr - 1) / mr * as * Math.min(kc, o.K)); // whole MR-row strips, zero-padded
        for (int pc = 0; pc < o.K; pc += kc) {
            int depth = Math.min(kc, o.K - pc);
            boolean load = o.accumulate || pc > 0; // start from C, or from zero on the first block
            if (o.transposedA) {
                packAColumns(o.a, o.aRows, pc, depth, m0, rows, pa, mr, as);
            } else {
                packARows(o.a, o.aRows, pc, depth, m0, rows, pa, mr, as);
            }
            for (int jr = n0; jr < n1; jr += nr) {
                int cols = Math.min(nr, n1 - jr);
                int bStrip = pc * nPadded + jr * depth;
                for (int ir = 0; ir < rows; ir += mr) {
                    int tileRows = Math.min(mr, rows - ir);
                    int ci = o.cOff + (m0 + ir) * o.ldc + jr;
                    if (tileRows == mr && cols == nr) {
                        kernel(depth, pa, ir / mr * as * depth, pb, bStrip, o.c, ci, o.ldc, load);
                    } else {
                        edgeTile(depth, pa, ir / mr * as * depth, pb, bStrip, w.tile, o.c, ci, o.ldc, tileRows,
                                cols, load);
                    }
                }
            }
        }
    }

    /** A tile cut by the edge of C: run the full kernel on a scratch tile, then copy the rows x cols valid part. */
    private void edgeTile(int depth, float[] pa, int aOff, float[] pb, int bOff, float[] t, float[] c, int ci,
                          int ldc, int rows, int cols, boolean load) {
        if (load) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, ci + r * ldc, t, r * nr, cols);
            }
        }
        kernel(depth, pa, aOff, pb, bOff, t, 0, nr, load);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(t, r * nr, c, ci + r * ldc, cols);
        }
    }

    /**
     * Strips [s0, s1) of B, for every K block, into pb (layout in {@link #run}); B(p, j) = b[bOff + p*ldb + j], or
     * b[bRows[p] + j] in the transposed-A form. Columns past N are zero.
     */
    private static void packB(Operands o, float[] pb, int nPadded, int s0, int s1, int nr, int kcMax) {
        for (int pc = 0; pc < o.K; pc += kcMax) {
            int kc = Math.min(kcMax, o.K - pc);
            for (int s = s0; s < s1; s++) {
                int j0 = s * nr;
                int width = Math.min(nr, o.N - j0);
                int dst = pc * nPadded + j0 * kc;
                for (int p = pc; p < pc + kc; p++, dst += nr) {
                    int src = (o.transposedA ? o.bRows[p] : o.bOff + p * o.ldb) + j0;
                    System.arraycopy(o.b, src, pb, dst, width);
                    if (width < nr) {
                        Arrays.fill(pb, dst + width, dst + nr, 0f);
                    }
                }
            }
        }
    }

    /**
     * A(i, p) = a[aRows[i] + p] for i in [ic, ic+mc), p in [pc, pc+kc) into mr-tall strips of as floats per step:
     * strip s holds pa[s*as*kc + p*as + r] = A(ic + s*mr + r, pc + p) for r < mr, rows past the edge zero; the
     * as - mr floats after each step's mr are never read.
     */
    private static void packARows(float[] a, int[] aRows, int pc, int kc, int ic, int mc, float[] pa, int mr,
                                  int as) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int strip = ir / mr * as * kc;
            for (int r = 0; r < mr; r++) {
                if (r < rows) {
                    int src = aRows[ic + ir + r] + pc;
                    for (int p = 0; p < kc; p++) {
                        pa[strip + p * as + r] = a[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        pa[strip + p * as + r] = 0f;
                    }
                }
            }
        }
    }

    /** Steps of A^T packed together by {@link #packAColumns}: 16 rows of A^T (16 x MC floats) stay in L1. */
    private static final int PACK_STEPS = 16;

    /**
     * A(i, p) = a[aRows[p] + i], otherwise as {@link #packARows}. Each row of A^T (mc contiguous floats) goes to
     * every strip, mr floats each; taking PACK_STEPS rows at a time and filling one strip's PACK_STEPS steps before
     * the next keeps the writes contiguous (16 x as floats per strip) instead of one short write per strip and
     * step, each in another 8-16 KiB strip. Where a step is one vector (as == L: the 5 x 2 and 6 x 2 tiles on AVX2)
     * it is copied as one vector load and store.
     */
    private static void packAColumns(float[] a, int[] aRows, int pc, int kc, int ic, int mc, float[] pa, int mr,
                                     int as) {
        int full = mc / mr * mr;
        for (int p0 = 0; p0 < kc; p0 += PACK_STEPS) {
            int p1 = Math.min(kc, p0 + PACK_STEPS);
            for (int ir = 0; ir < full; ir += mr) {
                int strip = ir / mr * as * kc;
                for (int p = p0; p < p1; p++) {
                    int d = strip + p * as, q = aRows[pc + p] + ic + ir;
                    if (as == L && q <= a.length - L) {
                        // one vector: the mr floats and as - mr more, which land in the step's spare floats
                        FloatVector.fromArray(S, a, q).intoArray(pa, d);
                    } else {
                        for (int r = 0; r < mr; r++) { // not arraycopy: a call per few floats costs more
                            pa[d + r] = a[q + r];
                        }
                    }
                }
            }
            if (full < mc) {
                int rest = mc - full;
                for (int p = p0; p < p1; p++) {
                    int dst = full / mr * as * kc + p * as;
                    System.arraycopy(a, aRows[pc + p] + ic + full, pa, dst, rest);
                    Arrays.fill(pa, dst + rest, dst + mr, 0f);
                }
            }
        }
    }

    /** C[0..MR, 0..NR] (+)= A strip . B strip with this kernel's tile; see {@link #kernel8x2} for the layout. */
    private void kernel(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc, boolean load) {
        switch (tile) {
            case T4X3 -> kernel4x3(kc, pa, ia, pb, ib, c, ci, ldc, load);
            case T5X2 -> kernel5x2(kc, pa, ia, pb, ib, c, ci, ldc, load);
            case T6X2 -> kernel6x2(kc, pa, ia, pb, ib, c, ci, ldc, load);
            case T8X2 -> kernel8x2(kc, pa, ia, pb, ib, c, ci, ldc, load);
            case T12X2 -> kernel12x2(kc, pa, ia, pb, ib, c, ci, ldc, load);
        }
    }

    /** The 4 x 3-vector tile: 12 accumulators, 3 B vectors and 1 broadcast, 16 registers. */
    private static void kernel4x3(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                                  boolean load) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c02 = FloatVector.fromArray(S, c, ci + 2 * L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c12 = FloatVector.fromArray(S, c, ci + ldc + 2 * L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c22 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c32 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c02 = z; c10 = z; c11 = z; c12 = z; c20 = z; c21 = z;
            c22 = z; c30 = z; c31 = z; c32 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * 4;
            int bp = ib + p * V3; // 24 or 48: not a power of two, so this tile keeps a bounds check per step
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, bp + 2 * L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]);
            c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01); c02 = ar.fma(b2, c02);
            ar = FloatVector.broadcast(S, pa[a + 1]);
            c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11); c12 = ar.fma(b2, c12);
            ar = FloatVector.broadcast(S, pa[a + 2]);
            c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21); c22 = ar.fma(b2, c22);
            ar = FloatVector.broadcast(S, pa[a + 3]);
            c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31); c32 = ar.fma(b2, c32);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L); c12.intoArray(c, ci + ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L); c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L); c32.intoArray(c, ci + 3 * ldc + 2 * L);
    }

    /**
     * The 5 x 2-vector tile: 10 accumulators and 2 B vectors, which leaves 4 of AVX2's 16 registers for the
     * broadcasts of A that C2 schedules ahead of their FMAs (see {@link RegisterTile}).
     */
    private static void kernel5x2(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                                  boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci); c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc); c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc); c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc); c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc); c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * 8; // 5 rows in steps of 8 floats (RegisterTile.aStep)
            int bp = ib + p * V2;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]); c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, pa[a + 1]); c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, pa[a + 2]); c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, pa[a + 3]); c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, pa[a + 4]); c40 = ar.fma(b0, c40); c41 = ar.fma(b1, c41);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
    }

    /** The 6 x 2-vector tile (BLIS Haswell): 12 accumulators, 2 B vectors, broadcasts; spills one on AVX2 in C2. */
    private static void kernel6x2(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                                  boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci); c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc); c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc); c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc); c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc); c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc); c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * 8; // 6 rows in steps of 8 floats (RegisterTile.aStep)
            int bp = ib + p * V2;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]); c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, pa[a + 1]); c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, pa[a + 2]); c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, pa[a + 3]); c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, pa[a + 4]); c40 = ar.fma(b0, c40); c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, pa[a + 5]); c50 = ar.fma(b0, c50); c51 = ar.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
    }

    // docs:begin micro-kernel
    /**
     * C[0..8, 0..2L] (+)= A strip . B strip, with C(r, j) = c[ci + r*ldc + j], A(r, p) = pa[ia + p*8 + r],
     * B(p, j) = pb[ib + p*2L + j]. The 16 accumulators (8 rows x 2 vectors) live in registers for all kc steps;
     * each step loads 2 vectors of B, broadcasts 8 floats of A and issues 16 fused multiply-adds. The other tiles
     * are the same loop with other counts of rows and vectors.
     */
    private static void kernel8x2(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                                  boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci); c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc); c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc); c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc); c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc); c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc); c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc); c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc); c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * 8;
            int bp = ib + p * V2;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]); c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, pa[a + 1]); c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, pa[a + 2]); c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, pa[a + 3]); c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, pa[a + 4]); c40 = ar.fma(b0, c40); c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, pa[a + 5]); c50 = ar.fma(b0, c50); c51 = ar.fma(b1, c51);
            ar = FloatVector.broadcast(S, pa[a + 6]); c60 = ar.fma(b0, c60); c61 = ar.fma(b1, c61);
            ar = FloatVector.broadcast(S, pa[a + 7]); c70 = ar.fma(b0, c70); c71 = ar.fma(b1, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + L);
    }
    // docs:end micro-kernel

    /** The 12 x 2-vector tile: 24 accumulators, 2 B vectors and the broadcasts, 30 registers. */
    private static void kernel12x2(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc,
                                   boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        FloatVector c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci); c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc); c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc); c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc); c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc); c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc); c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc); c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc); c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
            c80 = FloatVector.fromArray(S, c, ci + 8 * ldc); c81 = FloatVector.fromArray(S, c, ci + 8 * ldc + L);
            c90 = FloatVector.fromArray(S, c, ci + 9 * ldc); c91 = FloatVector.fromArray(S, c, ci + 9 * ldc + L);
            c100 = FloatVector.fromArray(S, c, ci + 10 * ldc); c101 = FloatVector.fromArray(S, c, ci + 10 * ldc + L);
            c110 = FloatVector.fromArray(S, c, ci + 11 * ldc); c111 = FloatVector.fromArray(S, c, ci + 11 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
            c80 = z; c81 = z; c90 = z; c91 = z; c100 = z; c101 = z; c110 = z; c111 = z;
        }
        for (int p = 0; p < kc; p++) {
            int a = ia + p * 16; // 12 rows in steps of 16 floats (RegisterTile.aStep)
            int bp = ib + p * V2;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, pa[a]); c00 = ar.fma(b0, c00); c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, pa[a + 1]); c10 = ar.fma(b0, c10); c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, pa[a + 2]); c20 = ar.fma(b0, c20); c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, pa[a + 3]); c30 = ar.fma(b0, c30); c31 = ar.fma(b1, c31);
            ar = FloatVector.broadcast(S, pa[a + 4]); c40 = ar.fma(b0, c40); c41 = ar.fma(b1, c41);
            ar = FloatVector.broadcast(S, pa[a + 5]); c50 = ar.fma(b0, c50); c51 = ar.fma(b1, c51);
            ar = FloatVector.broadcast(S, pa[a + 6]); c60 = ar.fma(b0, c60); c61 = ar.fma(b1, c61);
            ar = FloatVector.broadcast(S, pa[a + 7]); c70 = ar.fma(b0, c70); c71 = ar.fma(b1, c71);
            ar = FloatVector.broadcast(S, pa[a + 8]); c80 = ar.fma(b0, c80); c81 = ar.fma(b1, c81);
            ar = FloatVector.broadcast(S, pa[a + 9]); c90 = ar.fma(b0, c90); c91 = ar.fma(b1, c91);
            ar = FloatVector.broadcast(S, pa[a + 10]); c100 = ar.fma(b0, c100); c101 = ar.fma(b1, c101);
            ar = FloatVector.broadcast(S, pa[a + 11]); c110 = ar.fma(b0, c110); c111 = ar.fma(b1, c111);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + L);
        c80.intoArray(c, ci + 8 * ldc); c81.intoArray(c, ci + 8 * ldc + L);
        c90.intoArray(c, ci + 9 * ldc); c91.intoArray(c, ci + 9 * ldc + L);
        c100.intoArray(c, ci + 10 * ldc); c101.intoArray(c, ci + 10 * ldc + L);
        c110.intoArray(c, ci + 11 * ldc); c111.intoArray(c, ci + 11 * ldc + L);
    }


    /** One thread's packing buffers, allocated once per thread and reused by every call. */
    private static final class Workspace {
        private float[] a = new float[0];
        final float[] tile = new float[MAX_TILE];

        /** The A block buffer, grown to at least {@code size} floats. */
        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }
    }
}
