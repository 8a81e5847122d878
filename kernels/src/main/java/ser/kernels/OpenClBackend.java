package ser.kernels;

import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import ser.engine.backend.ConvBackend;

/**
 * The engine's convolutions on an OpenCL device, with the kernels of {@code conv1d.cl}.
 *
 * <p>This first version keeps no tensor on the device between calls: every call uploads its inputs, runs one
 * kernel (two for the weight gradient: weights and bias) and reads its output back, through buffers that are
 * allocated once and reused ({@link DeviceBuffers}). The copies are the price of plugging in behind the engine's
 * array-based {@link ConvBackend}; docs/opencl.md measures it.
 *
 * <p>Calls are serialised (a kernel's arguments are shared state). Results are deterministic: each output
 * element is summed by one work-item in a fixed order.
 */
public final class OpenClBackend implements ConvBackend {

    static final String PROGRAM = "conv1d.cl";
    static final String FORWARD = "conv1d_forward";
    static final String BACKWARD_INPUT = "conv1d_backward_input";
    static final String BACKWARD_WEIGHTS = "conv1d_backward_weights";
    static final String BACKWARD_BIAS = "conv1d_backward_bias";
    private static final List<String> TILED_KERNELS = List.of(FORWARD, BACKWARD_INPUT, BACKWARD_WEIGHTS);

    private final OpenClContext cl;
    private final String source;
    private final TileConfig tiles;
    private final List<TileConfig> narrowTiles;   // for outputs with very few rows or columns, see tileFor
    private float[] dwStage = new float[0];   // the weight gradient is read here first, then added to the caller's
    private float[] dbiasStage = new float[0];

    private OpenClBackend(OpenClContext cl, String source, TileConfig tiles, List<TileConfig> narrowTiles) {
        this.cl = cl;
        this.source = source;
        this.tiles = tiles;
        this.narrowTiles = narrowTiles;
    }

    /**
     * Opens the backend on a device: creates the context and builds the kernels with the largest tile that the
     * device and the compiled kernels allow (or the tile named by the system property {@code ser.opencl.tiles},
     * e.g. "32x32x16/4x4").
     *
     * @throws KernelBuildException when conv1d.cl does not compile on the device with any tile (the first
     *                              failure, naming the kernel, device and tile options)
     * @throws OpenClException      on any other OpenCL failure; the context is released
     */
    public static OpenClBackend open(OpenClDevice device) {
        String forced = System.getProperty("ser.opencl.tiles");
        return forced == null ? open(device, OpenClContext.resource(PROGRAM), TileConfig.CANDIDATES, TileConfig.NARROW)
                : open(device, TileConfig.parse(forced));
    }

    /** Opens the backend with one given tile for every call (for tuning); fails if the device cannot run it. */
    public static OpenClBackend open(OpenClDevice device, TileConfig tile) {
        return open(device, OpenClContext.resource(PROGRAM), List.of(tile), List.of());
    }

    /** Opens the backend with the given text of conv1d.cl (tests pass a broken one). */
    static OpenClBackend open(OpenClDevice device, String source) {
        return open(device, source, TileConfig.CANDIDATES, TileConfig.NARROW);
    }

    private static OpenClBackend open(OpenClDevice device, String source, List<TileConfig> candidates,
                                      List<TileConfig> narrow) {
        OpenClContext cl = OpenClContext.create(device);
        try {
            List<String> rejected = new ArrayList<>();
            KernelBuildException firstBuildFailure = null;
            for (TileConfig t : candidates) {
                String problem;
                try {
                    problem = unusable(cl, source, t);
                } catch (KernelBuildException e) {   // some drivers reject a large tile (registers, local memory)
                    firstBuildFailure = firstBuildFailure == null ? e : firstBuildFailure;
                    problem = "does not build";
                }
                if (problem == null) {
                    return new OpenClBackend(cl, source, t, usable(cl, source, narrow));
                }
                rejected.add(t + " (" + problem + ")");
            }
            if (firstBuildFailure != null) {
                throw firstBuildFailure;
            }
            throw new OpenClException(-54 /* CL_INVALID_WORK_GROUP_SIZE */, "no tile fits device '" + device.name()
                    + "': " + String.join(", ", rejected));
        } catch (RuntimeException e) {
            cl.close();
            throw e;
        }
    }

    /** The narrow tiles this device builds and runs; one that fails is simply not used. */
    private static List<TileConfig> usable(OpenClContext cl, String source, List<TileConfig> narrow) {
        List<TileConfig> usable = new ArrayList<>();
        for (TileConfig n : narrow) {
            try {
                if (unusable(cl, source, n) == null) {
                    usable.add(n);
                }
            } catch (KernelBuildException e) {
                // the square tile covers every shape; a narrow one only saves work
            }
        }
        return List.copyOf(usable);
    }

    /** Builds the kernels with tile t; null if they can run, else why not. */
    private static String unusable(OpenClContext cl, String source, TileConfig t) {
        if (!t.fits(cl.device())) {
            return "device limits";
        }
        long smallest = Long.MAX_VALUE;
        for (String k : TILED_KERNELS) {
            smallest = Math.min(smallest, cl.maxWorkGroupSize(cl.kernel(PROGRAM, source, t.compilerOptions(), k), k));
        }
        cl.kernel(PROGRAM, source, t.compilerOptions(), BACKWARD_BIAS);
        return smallest >= t.workGroupSize() ? null : "compiled kernel allows " + smallest + " work-items";
    }

    @Override
    public String name() {
        return "opencl:" + cl.device().name();
    }

    public OpenClDevice device() {
        return cl.device();
    }

    /** The tile the kernels were compiled with. */
    public TileConfig tiles() {
        return tiles;
    }

    /** Device memory currently held by this backend's buffers, in bytes. */
    public long deviceBytes() {
        return cl.buffers().allocatedBytes();
    }

    /**
     * When on, each kernel launch waits for the kernel to finish so that {@link #profile()} can tell kernel time
     * from copy time (costs one synchronisation per launch; off by default).
     */
    public synchronized void setProfiling(boolean on) {
        cl.setProfiling(on);
    }

    /** Where the time went since the last {@link #resetProfile()}. */
    public synchronized Profile profile() {
        return cl.profile();
    }

    public synchronized void resetProfile() {
        cl.resetProfile();
    }

    int bufferAllocations() {
        return cl.buffers().allocations();
    }

    // docs:begin forward
    @Override
    public synchronized void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                                           int B, int T, int C, int F, int K, int padLeft, int U) {
        ConvShapes.check("conv1dForward", B, T, C, F, K, padLeft, U)
                .need("x", x, B * T * C).need("w", w, K * C * F).need("bias", bias, F).need("y", y, B * U * F);
        cl_mem dx = cl.upload("x", x, B * T * C);
        cl_mem dw = cl.upload("w", w, K * C * F);
        cl_mem db = cl.upload("bias", bias, F);
        cl_mem dy = cl.buffers().get("y", 4L * B * U * F);
        launchTiled(FORWARD, B * U, F, dx, dw, db, dy, B, T, C, F, K, padLeft, U);
        cl.download(dy, "y", y, B * U * F);
    }
    // docs:end forward

    @Override
    public synchronized void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                                                 int B, int T, int C, int F, int K, int padLeft, int U) {
        ConvShapes.check("conv1dBackwardInput", B, T, C, F, K, padLeft, U)
                .need("dy", dy, B * U * F).need("w", w, K * C * F).need("dx", dx, B * T * C);
        cl_mem ddy = cl.upload("dy", dy, B * U * F);
        cl_mem dw = cl.upload("w", w, K * C * F);
        cl_mem ddx = cl.buffers().get("dx", 4L * B * T * C);
        launchTiled(BACKWARD_INPUT, B * T, C, ddy, dw, ddx, B, T, C, F, K, padLeft, U);
        cl.download(ddx, "dx", dx, B * T * C);
    }

    @Override
    public synchronized void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                                   int B, int T, int C, int F, int K, int padLeft, int U) {
        ConvShapes.check("conv1dBackwardWeights", B, T, C, F, K, padLeft, U)
                .need("x", x, B * T * C).need("dy", dy, B * U * F).need("dw", dw, K * C * F).need("dbias", dbias, F);
        cl_mem dx = cl.upload("x", x, B * T * C);
        cl_mem ddy = cl.upload("dy", dy, B * U * F);
        cl_mem ddw = cl.upload("dw", dw, K * C * F);      // the kernels add to the current gradients
        cl_mem ddb = cl.upload("dbias", dbias, F);
        launchTiled(BACKWARD_WEIGHTS, K * C, F, dx, ddy, ddw, B, T, C, F, K, padLeft, U);
        cl.launch(kernel(BACKWARD_BIAS), BACKWARD_BIAS, new long[] {F}, null, ddy, ddb, B * U, F);
        // Read into staging arrays and copy only when both reads succeeded, so a failure mid-read cannot leave
        // the caller's gradients half updated.
        if (dwStage.length < K * C * F) {
            dwStage = new float[K * C * F];
        }
        if (dbiasStage.length < F) {
            dbiasStage = new float[F];
        }
        cl.download(ddw, "dw", dwStage, K * C * F);
        cl.download(ddb, "dbias", dbiasStage, F);
        System.arraycopy(dwStage, 0, dw, 0, K * C * F);
        System.arraycopy(dbiasStage, 0, dbias, 0, F);
    }

    // ***** the same products on buffers that stay on the device (for DeviceTrainer; no copies) *****

    /** The context the kernels run in, for other kernels that share its buffers and queue. */
    OpenClContext context() {
        return cl;
    }

    /** y = conv(x, w) + bias on device buffers, queued. */
    synchronized void forward(DeviceArray x, DeviceArray w, DeviceArray bias, DeviceArray y,
                              int B, int T, int C, int F, int K, int padLeft, int U) {
        launchTiled(FORWARD, B * U, F, x, w, bias, y, B, T, C, F, K, padLeft, U);
    }

    /** dx = the input gradient on device buffers (overwritten), queued. */
    synchronized void backwardInput(DeviceArray dy, DeviceArray w, DeviceArray dx,
                                    int B, int T, int C, int F, int K, int padLeft, int U) {
        launchTiled(BACKWARD_INPUT, B * T, C, dy, w, dx, B, T, C, F, K, padLeft, U);
    }

    /** dw += and dbias += the weight and bias gradients on device buffers, queued. */
    synchronized void backwardWeights(DeviceArray x, DeviceArray dy, DeviceArray dw, DeviceArray dbias,
                                      int B, int T, int C, int F, int K, int padLeft, int U) {
        launchTiled(BACKWARD_WEIGHTS, K * C, F, x, dy, dw, B, T, C, F, K, padLeft, U);
        cl.launch(kernel(BACKWARD_BIAS), BACKWARD_BIAS, new long[] {F}, null, dy, dbias, B * U, F);
    }

    // docs:begin launch
    /** Launches a tiled kernel over an M x N output: one work-group per TM x TN tile. */
    private void launchTiled(String name, int M, int N, Object... args) {
        TileConfig t = tileFor(M, N);
        long groupsN = (N + t.tn() - 1) / t.tn();
        long groupsM = (M + t.tm() - 1) / t.tm();
        long[] local = {t.workItemsN(), t.workItemsM()};
        long[] global = {groupsN * local[0], groupsM * local[1]};
        cl.launch(cl.kernel(PROGRAM, source, t.compilerOptions(), name), name, global, local, args);
    }
    // docs:end launch

    /**
     * The square tile, unless it would do more than twice the work of a narrow one because of padding. A 64 x 64
     * tile over the input gradient of a 1-channel layer (N = 1) does 64 times the useful work; a 256 x 1 tile
     * does none in vain. (The square tile reuses each loaded element more, so it wins when padding is modest.)
     */
    TileConfig tileFor(int M, int N) {
        TileConfig best = tiles;
        long bestWork = paddedWork(tiles, M, N);
        for (TileConfig t : narrowTiles) {
            long work = paddedWork(t, M, N);
            if (2 * work < bestWork) {
                best = t;
                bestWork = work;
            }
        }
        return best;
    }

    private static long paddedWork(TileConfig t, int M, int N) {
        return (long) ((M + t.tm() - 1) / t.tm()) * t.tm() * ((N + t.tn() - 1) / t.tn()) * t.tn();
    }

    private cl_kernel kernel(String name) {
        return cl.kernel(PROGRAM, source, tiles.compilerOptions(), name);
    }

    /** The tiles used for narrow outputs besides {@link #tiles()}. */
    public List<TileConfig> narrowTiles() {
        return narrowTiles;
    }

    @Override
    public synchronized void close() {
        cl.close();
    }
}
