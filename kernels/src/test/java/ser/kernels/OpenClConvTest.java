package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every OpenCL convolution kernel against {@link ReferenceConv} (direct loops in double) on fresh random inputs,
 * with output buffers poisoned with NaN so an element the kernel never writes shows, and a sentinel tail past the
 * end so an element written out of range shows. Error measure and tolerance: {@link Accuracy}.
 */
class OpenClConvTest {

    static final int K = 8;
    static final float SENTINEL = 12345.5f;
    static final int TAIL = 3;

    static OpenClBackend backend;

    @BeforeAll
    static void open() {
        backend = OpenClTestSupport.sharedBackend();
    }

    /** Runs forward, backward-input and backward-weights on one shape and checks each against the reference. */
    static void checkAllThree(SplittableRandom rng, int B, int T, int C, int F, int padLeft, int U) {
        String shape = String.format("B=%d T=%d C=%d F=%d K=%d padLeft=%d U=%d", B, T, C, F, K, padLeft, U);
        float[] x = OpenClTestSupport.uniform(rng, B * T * C);
        float[] w = OpenClTestSupport.uniform(rng, K * C * F);
        float[] bias = OpenClTestSupport.uniform(rng, F);
        float[] dy = OpenClTestSupport.uniform(rng, B * U * F);

        float[] y = poisoned(B * U * F);
        backend.conv1dForward(x, w, bias, y, B, T, C, F, K, padLeft, U);
        double[][] ref = ReferenceConv.forward(x, w, bias, B, T, C, F, K, padLeft, U);
        Accuracy.check("forward " + shape, y, ref[0], ref[1]);
        assertTailUntouched("forward y", y, B * U * F);

        float[] dx = poisoned(B * T * C);
        backend.conv1dBackwardInput(dy, w, dx, B, T, C, F, K, padLeft, U);
        ref = ReferenceConv.backwardInput(dy, w, B, T, C, F, K, padLeft, U);
        Accuracy.check("backward input " + shape, dx, ref[0], ref[1]);
        assertTailUntouched("backward input dx", dx, B * T * C);

        // Gradients accumulate: start from non-zero values, which the result must include.
        float[] dw0 = OpenClTestSupport.uniform(rng, K * C * F);
        float[] dbias0 = OpenClTestSupport.uniform(rng, F);
        float[] dw = withTail(dw0);
        float[] dbias = withTail(dbias0);
        backend.conv1dBackwardWeights(x, dy, dw, dbias, B, T, C, F, K, padLeft, U);
        ref = ReferenceConv.backwardWeights(x, dy, dw0, dbias0, B, T, C, F, K, padLeft, U);
        Accuracy.check("backward weights " + shape, dw, 0, ref[0], ref[1], 0, K * C * F);
        Accuracy.check("backward bias " + shape, dbias, 0, ref[0], ref[1], K * C * F, F);
        assertTailUntouched("backward weights dw", dw, K * C * F);
        assertTailUntouched("backward weights dbias", dbias, F);
    }

    static float[] poisoned(int n) {
        float[] a = new float[n + TAIL];
        Arrays.fill(a, 0, n, Float.NaN);
        Arrays.fill(a, n, n + TAIL, SENTINEL);
        return a;
    }

    static float[] withTail(float[] values) {
        float[] a = Arrays.copyOf(values, values.length + TAIL);
        Arrays.fill(a, values.length, a.length, SENTINEL);
        return a;
    }

    static void assertTailUntouched(String what, float[] a, int n) {
        for (int i = n; i < a.length; i++) {
            assertEquals(SENTINEL, a[i], what + ": element " + i + " past the end (length " + n + ") was written");
        }
    }

    static int samePad() {
        return (K - 1) / 2;
    }

    @Test
    void notebookLayersAtBatch16() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("notebookLayersAtBatch16");
        // (steps, in channels, filters) of the notebook's eight Conv1D layers, all 'same'.
        int[][] layers = {{259, 1, 256}, {32, 256, 128}, {32, 128, 128}, {4, 128, 64}, {4, 64, 64}};
        for (int[] l : layers) {
            checkAllThree(rng, 16, l[0], l[1], l[2], samePad(), l[0]);
        }
    }

    @Test
    void widestNotebookLayer() {
        // conv1d_2: 259 steps, 256 -> 256 channels. Batch 2 keeps the double reference quick; the kernels see
        // the same tiles as at batch 16, only fewer of them along m.
        SplittableRandom rng = OpenClTestSupport.freshRandom("widestNotebookLayer");
        checkAllThree(rng, 2, 259, 256, 256, samePad(), 259);
    }

    @Test
    void validPadding() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("validPadding");
        checkAllThree(rng, 16, 259, 1, 64, 0, 259 - K + 1);
        checkAllThree(rng, 3, 37, 5, 7, 0, 37 - K + 1);
        checkAllThree(rng, 2, 8, 3, 2, 0, 1);            // exactly one output step
    }

    @Test
    void awkwardShapes() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("awkwardShapes");
        checkAllThree(rng, 1, 259, 1, 256, samePad(), 259);   // batch 1, 1 channel
        checkAllThree(rng, 1, 1, 1, 1, samePad(), 1);         // a single step: only tap k = 3 sees data
        checkAllThree(rng, 5, 3, 2, 3, samePad(), 3);         // shorter than the kernel
        checkAllThree(rng, 3, 7, 1, 1, samePad(), 7);         // shorter than the kernel, 1 filter
        checkAllThree(rng, 7, 33, 65, 67, samePad(), 33);     // nothing a multiple of any tile
        checkAllThree(rng, 1, 131, 3, 129, samePad(), 131);   // odd length, filters just past a tile
    }

    @Test
    void narrowOutputsUseNarrowTiles() {
        // These shapes run in awkwardShapes and notebookLayersAtBatch16, so the narrow tiles are checked there.
        System.out.println("  narrow tiles available: " + backend.narrowTiles());
        assertEquals(TileConfig.NARROW, backend.narrowTiles(), "PoCL runs every tile");
        assertEquals(backend.tiles(), backend.tileFor(16 * 259, 256), "a wide output takes the square tile");
        assertEquals(TileConfig.NARROW.get(0), backend.tileFor(16 * 259, 1), "input gradient of 1 channel");
        assertEquals(TileConfig.NARROW.get(1), backend.tileFor(K, 256), "weight gradient of 1 channel");
    }

    @Test
    void resultsAreTheSameBitsEveryCall() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("resultsAreTheSameBitsEveryCall");
        int B = 4, T = 41, C = 9, F = 70;
        float[] x = OpenClTestSupport.uniform(rng, B * T * C);
        float[] w = OpenClTestSupport.uniform(rng, K * C * F);
        float[] bias = OpenClTestSupport.uniform(rng, F);
        float[] first = new float[B * T * F];
        float[] second = new float[B * T * F];
        backend.conv1dForward(x, w, bias, first, B, T, C, F, K, samePad(), T);
        backend.conv1dForward(x, w, bias, second, B, T, C, F, K, samePad(), T);
        assertArrayEquals(first, second);
        float[] dx1 = new float[B * T * C];
        float[] dx2 = new float[B * T * C];
        backend.conv1dBackwardInput(first, w, dx1, B, T, C, F, K, samePad(), T);
        backend.conv1dBackwardInput(first, w, dx2, B, T, C, F, K, samePad(), T);
        assertArrayEquals(dx1, dx2);
    }

    @Test
    void deviceBuffersGrowOnlyAndAreReused() {
        SplittableRandom rng = OpenClTestSupport.freshRandom("deviceBuffersGrowOnlyAndAreReused");
        int B = 16, T = 259, C = 4, F = 32;
        float[] x = OpenClTestSupport.uniform(rng, B * T * C);
        float[] w = OpenClTestSupport.uniform(rng, K * C * F);
        float[] bias = OpenClTestSupport.uniform(rng, F);
        float[] y = new float[B * T * F];
        backend.conv1dForward(x, w, bias, y, B, T, C, F, K, samePad(), T);
        int allocations = backend.bufferAllocations();
        long bytes = backend.deviceBytes();
        for (int i = 0; i < 3; i++) {
            backend.conv1dForward(x, w, bias, y, B, T, C, F, K, samePad(), T);
            backend.conv1dForward(x, w, bias, y, 2, 17, 1, 5, K, samePad(), 17);   // smaller: reuses
        }
        assertEquals(allocations, backend.bufferAllocations(), "no new device buffer for equal or smaller calls");
        assertEquals(bytes, backend.deviceBytes());
    }

    @Test
    void badShapesFailWithOneLineNamingTheCallAndShapes() {
        float[] small = new float[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.conv1dForward(small, new float[8 * 2 * 3], new float[3], new float[100], 2, 5, 2, 3, K, 3, 5));
        System.out.println("  bad shape message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("conv1dForward: x has 10 floats, needs 20"), e.getMessage());
        assertTrue(e.getMessage().contains("B=2 T=5 C=2 F=3 K=8 padLeft=3 U=5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> backend.conv1dBackwardInput(small, small, small, 1, 1, 1, 1, K, 0, 0));
    }
}
