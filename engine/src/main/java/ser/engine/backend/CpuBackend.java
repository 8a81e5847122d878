package ser.engine.backend;

import ser.engine.concurrent.WorkerPool;
import ser.engine.linalg.MatMul;
import ser.engine.linalg.MatMuls;

import java.util.Arrays;

/**
 * The fast CPU {@link ConvBackend}: each convolution pass is one matrix product over the whole batch, with no im2col
 * copy, on the best {@link MatMul} this machine has and on every core. {@link ReferenceBackend} computes the same
 * sums as plain loops, and the tests hold this one to it. Layouts and the meaning of padLeft/U are in {@link ConvBackend}.
 *
 * <p><b>Forward.</b> Copy x once into a zero-padded buffer xp [B, Tp, C] with Tp = U + K - 1 (padLeft zero rows
 * before each sample, the rest after). Then the window of output step (b, u), xp rows u..u+K-1, is K*C
 * consecutive floats starting at {@code (b*Tp + u)*C}, and it is exactly row (k*C + c) of the kernel's layout, so
 * <pre>
 *   y[B*U x F] = A[B*U x K*C] . W[K*C x F],   A row (b, u) starts at xp[(b*Tp + u)*C]
 * </pre>
 * with A's rows overlapping inside xp. Then the bias is added.
 *
 * <p><b>Backward, input.</b> From y(u) = sum_k x(u - padLeft + k) W(k), step t of x receives dy(u) W(k) for
 * u = t + padLeft - k. With k' = K-1-k and dy padded by L = K-1-padLeft zeros on the left into dyp [B, T+K-1, F],
 * {@code u + L = t + k'}: the window of input step t is dyp rows t..t+K-1, again K*F consecutive floats, so
 * <pre>
 *   dx[B*T x C] = D[B*T x K*F] . Wflip[K*F x C],   Wflip(k'*F + f, c) = W((K-1-k')*C + c, f)
 * </pre>
 * <p><b>Backward, weights.</b> dW(k*C + c, f) = sum over (b, u) of xp[b, u+k, c] dy[b, u, f]: a sum over the
 * B*U rows of (window row)^T . (dy row), which is {@link MatMul#multiplyTransposedA}. dbias(f) = sum of dy(., f).
 *
 * <p>Scratch buffers grow to the largest shape seen and are then reused. Methods are synchronized because the
 * buffers are shared by every layer using this backend.
 */
public final class CpuBackend implements ConvBackend {

    private static CpuBackend shared;

    /** Fewest floats worth handing to another thread in the cheap loops around the products (bias, dbias). */
    private static final int GRAIN = 1 << 14;

    private final MatMul matMul;
    private final WorkerPool pool;

    // scratch, grown on demand
    private float[] padded = new float[0];   // xp [B, Tp, C] or dyp [B, T+K-1, F]
    private float[] flipped = new float[0];  // Wflip [K*F, C]
    private int[] rows = new int[0];         // row offsets of the left operand
    private int[] rowsB = new int[0];        // row offsets of dy (weight gradient)

    /** A backend whose products run on the given pool with the fastest available kernel. */
    public CpuBackend(WorkerPool pool) {
        this(MatMuls.best(pool), pool);
    }

    /** A backend using a specific matrix multiply (tests use the simple reference). */
    public CpuBackend(MatMul matMul, WorkerPool pool) {
        this.matMul = matMul;
        this.pool = pool;
    }

    /** One backend on all cores, shared by layers that were given no other. */
    public static synchronized CpuBackend shared() {
        if (shared == null) {
            shared = new CpuBackend(WorkerPool.shared());
        }
        return shared;
    }

    @Override
    public String name() {
        return "cpu(" + matMul.name() + ", " + pool.threads() + " threads)";
    }

    /** The matrix multiply doing the work. */
    public MatMul matMul() {
        return matMul;
    }

    // docs:begin conv1d-forward
    @Override
    public synchronized void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                                           int B, int T, int C, int F, int K, int padLeft, int U) {
        int Tp = U + K - 1;                       // padded length: window of step u is rows u..u+K-1
        float[] xp = padInto(x, B, T, C, padLeft, Tp);
        int[] aRows = rows(B * U);
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                aRows[b * U + u] = (b * Tp + u) * C;  // K*C consecutive floats: the whole window
            }
        }
        matMul.multiply(B * U, F, K * C, xp, aRows, w, 0, F, y, 0, F, false);
        pool.forRange(B * U, Math.max(1, GRAIN / F), (r0, r1) -> {   // rows are independent
            for (int r = r0; r < r1; r++) {
                for (int f = 0; f < F; f++) {
                    y[r * F + f] += bias[f];
                }
            }
        });
    }
    // docs:end conv1d-forward

    // docs:begin conv1d-backward-input
    @Override
    public synchronized void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                                                 int B, int T, int C, int F, int K, int padLeft, int U) {
        int Td = T + K - 1;                       // padded dy length: window of input step t is rows t..t+K-1
        int left = K - 1 - padLeft;
        float[] dyp = padInto(dy, B, U, F, left, Td);
        float[] wFlip = flipped(K * F * C);
        pool.forRange(K, (k0, k1) -> {           // a pure copy: the taps split over the threads
            for (int k = k0; k < k1; k++) {       // Wflip(k'*F + f, c) = W((K-1-k')*C + c, f), k' = K-1-k
                int kFlip = K - 1 - k;
                for (int c = 0; c < C; c++) {
                    for (int f = 0; f < F; f++) {
                        wFlip[(kFlip * F + f) * C + c] = w[(k * C + c) * F + f];
                    }
                }
            }
        });
        int[] aRows = rows(B * T);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                aRows[b * T + t] = (b * Td + t) * F;
            }
        }
        matMul.multiply(B * T, C, K * F, dyp, aRows, wFlip, 0, C, dx, 0, C, false);
    }
    // docs:end conv1d-backward-input

    // docs:begin conv1d-backward-weights
    @Override
    public synchronized void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                                   int B, int T, int C, int F, int K, int padLeft, int U) {
        int Tp = U + K - 1;
        float[] xp = padInto(x, B, T, C, padLeft, Tp);
        int[] aRows = rows(B * U);
        int[] bRows = rowsB(B * U);
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                aRows[b * U + u] = (b * Tp + u) * C;  // window of step u: K*C floats
                bRows[b * U + u] = (b * U + u) * F;   // dy row of step u: F floats
            }
        }
        matMul.multiplyTransposedA(K * C, F, B * U, xp, aRows, dy, bRows, dw, 0, F, true);
        int rows = B * U;                         // split over filters: each sum keeps its row order
        pool.forRange(F, Math.max(1, GRAIN / rows), (f0, f1) -> {
            for (int r = 0; r < rows; r++) {
                for (int f = f0; f < f1; f++) {
                    dbias[f] += dy[r * F + f];
                }
            }
        });
    }
    // docs:end conv1d-backward-weights

    /**
     * Copies src [B, T, C] into the scratch buffer as [B, Tp, C] with `left` zero rows before each sample and
     * Tp - left - T after (callers guarantee 0 <= left and left + T <= Tp). Returns the scratch buffer.
     */
    private float[] padInto(float[] src, int B, int T, int C, int left, int Tp) {
        int n = B * Tp * C;
        if (padded.length < n) {
            padded = new float[n];
        }
        float[] dst = padded;
        for (int b = 0; b < B; b++) {
            int base = b * Tp * C;
            Arrays.fill(dst, base, base + left * C, 0f);
            System.arraycopy(src, b * T * C, dst, base + left * C, T * C);
            Arrays.fill(dst, base + (left + T) * C, base + Tp * C, 0f);
        }
        return dst;
    }

    private float[] flipped(int n) {
        if (flipped.length < n) {
            flipped = new float[n];
        }
        return flipped;
    }

    private int[] rows(int n) {
        if (rows.length < n) {
            rows = new int[n];
        }
        return rows;
    }

    private int[] rowsB(int n) {
        if (rowsB.length < n) {
            rowsB = new int[n];
        }
        return rowsB;
    }
}
