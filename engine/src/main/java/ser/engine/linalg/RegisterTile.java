package ser.engine.linalg;

import java.util.Locale;

/**
 * The register tile of {@link VectorMatMul}'s micro-kernel: {@code rows} rows of C times {@code vectors} vectors
 * of C, all held in vector registers while the kernel runs over the shared dimension. Which tile fits depends on
 * the machine's vector register file, not only on its vector length:
 *
 * <pre>
 *   registers needed = rows * vectors   accumulators
 *                    + vectors          B vectors loaded per step
 *                    + 4                broadcasts of A in flight (C2 issues the broadcast loads early, to hide
 *                                       their latency, so up to 4 are live at once; hand-written assembly needs 1)
 *
 *   x86 AVX2 (16 ymm)          5x2v: 10 + 2 + 4 = 16    (5 x 16 floats)
 *   x86 AVX-512 (32 zmm)       8x2v: 16 + 2 + 4 = 22    (8 x 32 floats; 12x2v measured no faster there)
 *   ARM NEON / SVE-128 (32 q)  8x2v: 16 + 2 + 4 = 22    (8 x 8 floats)
 * </pre>
 *
 * A tile needing more registers than exist spills an accumulator to the stack, and the spilled chain then waits
 * for a store and a reload on every step: 8x2v on AVX2 needs 22 of 16. BLIS's Haswell tile 6x2v (12 + 2 + 1 = 15
 * in assembly) needs 18 as C2 schedules it: without bounds checks in its loop C2 keeps three broadcasts live and
 * spills one accumulator, and runs slower than 5x2v (docs/making-it-fast.md). A tile must also keep enough
 * independent FMA chains in flight: latency 4 x 2 pipes = at least 8 accumulators on the x86 cores above. Every
 * tile computes each C element as the same single FMA chain over K in ascending order, so all tiles give the same
 * bits (see {@link VectorMatMul}).
 *
 * <p>{@link #forMachine} picks the tile; the system property {@value #PROPERTY} (e.g. {@code -Dser.matmul.tile=8x2v})
 * forces one.
 */
public enum RegisterTile {
    T4X3(4, 3),
    T5X2(5, 2),
    T6X2(6, 2),
    T8X2(8, 2),
    T12X2(12, 2);

    /** System property that forces a tile by its {@link #label}, e.g. "6x2v"; "auto" or unset picks by machine. */
    public static final String PROPERTY = "ser.matmul.tile";

    /** Rows of C in the tile (the MR of BLIS). */
    final int rows;
    /** Vectors of C per row; the tile is {@code vectors * lanes} floats wide (the NR of BLIS). */
    final int vectors;

    RegisterTile(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    /**
     * Floats per step p in a packed A strip: the rows rounded up to a power of two (6 -> 8, 12 -> 16), the spare
     * floats never read. The micro-kernel then indexes A as {@code ia + p * aStep}, which C2 compiles to a shift of
     * the loop counter; a stride like 6 becomes {@code (p << 2) + (p << 1)}, which C2's range-check elimination
     * does not recognise as a scaled loop counter, so it keeps a bounds check on every step (measured on AVX2:
     * four compare-and-branch pairs in the 6 x 2 loop, none with the stride 8).
     */
    public int aStep() {
        return Integer.highestOneBit(rows - 1) << 1;
    }

    /** "rows x vectors v", e.g. "6x2v". */
    public String label() {
        return rows + "x" + vectors + "v";
    }

    /** Broadcasts of A that C2's schedule keeps live at once (observed in the AVX2 code of 5x2v and 6x2v). */
    static final int BROADCASTS_IN_FLIGHT = 4;

    /** Vector registers the micro-kernel keeps live as C2 compiles it: accumulators, B vectors, broadcasts. */
    public int registersNeeded() {
        return rows * vectors + vectors + Math.min(rows, BROADCASTS_IN_FLIGHT);
    }

    /**
     * Architectural vector registers the JIT can allocate: 32 on AArch64 (NEON/SVE) and on x86 with AVX-512
     * (zmm0-31, which HotSpot only uses when it emits EVEX code, i.e. with 512-bit vectors); 16 on x86 otherwise
     * (ymm/xmm0-15). Unknown architectures get the conservative 16.
     */
    static int vectorRegisters(String osArch, int vectorBits) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return vectorBits >= 512 ? 32 : 16;
        }
        return 16;
    }

    /** The tile for a register file of {@code registers} vector registers: the table in the class comment. */
    static RegisterTile forRegisters(int registers) {
        return registers >= 32 ? T8X2 : T5X2;
    }

    /** The tile for this JVM's machine with vectors of {@code vectorBits}, unless {@value #PROPERTY} forces one. */
    static RegisterTile forMachine(int vectorBits) {
        String forced = System.getProperty(PROPERTY, "auto");
        if (!forced.equals("auto")) {
            return parse(forced);
        }
        return forRegisters(vectorRegisters(System.getProperty("os.arch", ""), vectorBits));
    }

    /** The tile named by {@code label} ("6x2v"); one line naming the choices otherwise. */
    static RegisterTile parse(String label) {
        for (RegisterTile t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RegisterTile t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.label());
        }
        throw new IllegalArgumentException(PROPERTY + "=" + label + " is not a register tile; known: " + known
                + ", auto");
    }
}
