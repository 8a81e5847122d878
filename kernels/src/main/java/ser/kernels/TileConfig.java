package ser.kernels;

import java.util.List;

/**
 * The tile shape of the convolution kernels (conv1d.cl), passed to the OpenCL compiler as -D options.
 * A work-group computes a {@code tm x tn} tile of the output with {@code (tm/rm) x (tn/rn)} work-items, each
 * holding {@code rm x rn} sums; the reduction advances {@code tk} at a time through local memory.
 *
 * @param tm output rows per work-group
 * @param tn output columns per work-group
 * @param tk reduction depth of one local-memory chunk
 * @param rm rows per work-item
 * @param rn columns per work-item
 */
public record TileConfig(int tm, int tn, int tk, int rm, int rn) {

    /** Largest first; the first that fits the device and its compiled kernels is used. */
    public static final List<TileConfig> CANDIDATES = List.of(
            new TileConfig(64, 64, 16, 4, 4),   // 256 work-items, 8 KiB local memory
            new TileConfig(32, 32, 16, 4, 4),   // 64 work-items
            new TileConfig(16, 16, 16, 4, 4),   // 16 work-items
            new TileConfig(8, 8, 8, 4, 4),      // 4 work-items
            new TileConfig(4, 4, 4, 4, 4));     // 1 work-item: valid on any device

    /**
     * Extra tiles for outputs with very few columns (the input gradient of a 1-channel layer: N = 1) or rows (the
     * weight gradient of a 1-channel layer: M = K = 8). The backend uses whichever tile pads an output least.
     */
    public static final List<TileConfig> NARROW = List.of(
            new TileConfig(256, 1, 16, 4, 1),   // tall: 64 work-items along m, one column
            new TileConfig(8, 256, 16, 4, 4));  // wide: 2 x 64 work-items

    public TileConfig {
        if (tm % rm != 0 || tn % rn != 0 || tm < 1 || tn < 1 || tk < 1 || rm < 1 || rn < 1) {
            throw new IllegalArgumentException("tile " + tm + "x" + tn + "x" + tk + " with " + rm + "x" + rn
                    + " per work-item: the tile must be a positive multiple of the per-work-item block");
        }
    }

    /** Parses "TMxTNxTK/RMxRN", e.g. "64x64x16/4x4" (the form {@link #toString()} writes). */
    public static TileConfig parse(String text) {
        String[] parts = text.trim().split("[x/]");
        if (parts.length != 5) {
            throw new IllegalArgumentException("tile config '" + text + "': expected TMxTNxTK/RMxRN, e.g. 64x64x16/4x4");
        }
        int[] v = new int[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tile config '" + text + "': '" + parts[i] + "' is not a number");
            }
        }
        return new TileConfig(v[0], v[1], v[2], v[3], v[4]);
    }

    /** Work-items along the output columns (local id 0) and rows (local id 1). */
    public int workItemsN() {
        return tn / rn;
    }

    public int workItemsM() {
        return tm / rm;
    }

    public int workGroupSize() {
        return workItemsN() * workItemsM();
    }

    /** Local memory one work-group uses: a tm x tk slice of A and a tk x tn slice of W, in bytes. */
    public long localMemBytes() {
        return 4L * tk * (tm + tn);
    }

    /** Whether the device's limits allow this tile (the compiled kernel may still ask for less). */
    public boolean fits(OpenClDevice d) {
        return workGroupSize() <= d.maxWorkGroupSize()
                && d.maxWorkItemSizes().length >= 2
                && workItemsN() <= d.maxWorkItemSizes()[0] && workItemsM() <= d.maxWorkItemSizes()[1]
                && localMemBytes() <= d.localMemBytes();
    }

    /** Compiler options that fix the tile in conv1d.cl. */
    public String compilerOptions() {
        return "-DTM=" + tm + " -DTN=" + tn + " -DTK=" + tk + " -DRM=" + rm + " -DRN=" + rn;
    }

    @Override
    public String toString() {
        return tm + "x" + tn + "x" + tk + "/" + rm + "x" + rn;
    }
}
