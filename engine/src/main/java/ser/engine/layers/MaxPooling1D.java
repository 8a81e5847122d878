package ser.engine.layers;

import static ser.engine.concurrent.Parallel.GRAIN;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.concurrent.Parallel;

import java.util.Arrays;

/**
 * Max pooling over steps (Keras {@code MaxPooling1D(pool_size, strides, padding='valid')}; strides defaults to
 * pool_size, as in Keras).
 *
 * <p>Input shape [B, T, C]; output shape [B, U, C] with U = floor((T - pool) / strides) + 1 (steps after the last
 * whole window are dropped, e.g. 259 -> 32 for pool 8, strides 8).
 * <pre>
 *   y[b,u,c] = max_{j < pool} x[b, u*strides + j, c]
 *   dx[b,t,c] = sum over u of dy[b,u,c] * [t is the argmax of window u]
 * </pre>
 * The max is a selection, so its derivative routes dy to the one element chosen; forward remembers its index.
 * Ties pick the first (lowest t). (With random real inputs ties have probability zero; after ReLU/Dropout they
 * occur between zeros, whose gradient is zero upstream anyway.)
 */
public final class MaxPooling1D extends Layer {

    private final int poolSize;
    private final int strides;
    private int[] argmax = new int[0]; // flat index into x of each output element, from the last forward
    private int lastBatch;
    private int steps;    // T
    private int channels; // C
    private int outSteps; // U

    /** MaxPooling1D(pool_size): windows side by side (strides = pool_size). */
    public MaxPooling1D(int poolSize) {
        this(poolSize, poolSize);
    }

    public MaxPooling1D(int poolSize, int strides) {
        if (poolSize < 1 || strides < 1) {
            throw new IllegalArgumentException("MaxPooling1D: pool_size and strides must be >= 1, got pool_size="
                    + poolSize + ", strides=" + strides);
        }
        this.poolSize = poolSize;
        this.strides = strides;
    }

    public int poolSize() {
        return poolSize;
    }

    public int strides() {
        return strides;
    }

    @Override
    public String kerasClassName() {
        return "MaxPooling1D";
    }

    @Override
    public String baseName() {
        return "max_pooling1d";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("pool_size", poolSize).put("strides", strides)
                .put("padding", "valid").build();
    }

    /** MaxPooling1D(pool_size, strides, padding='valid') from its config. */
    public static MaxPooling1D fromConfig(LayerConfig c) {
        c.requireOnly("pool_size", "strides", "padding");
        if (!"valid".equals(c.getString("padding"))) {
            throw new IllegalArgumentException("MaxPooling1D " + c.name() + ": only padding 'valid' is supported, got '"
                    + c.getString("padding") + "'");
        }
        return new MaxPooling1D(c.getInt("pool_size"), c.getInt("strides"));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2 || in[0] < poolSize) {
            throw new IllegalArgumentException(describe() + ": needs input (steps, channels) with steps >= pool_size "
                    + poolSize + ", got " + shapeWithBatch(in));
        }
        return new int[] {(in[0] - poolSize) / strides + 1, in[1]};
    }

    @Override
    protected void createWeights(int[] in, Rng rng) {
        steps = in[0];
        channels = in[1];
        outSteps = (steps - poolSize) / strides + 1;
    }

    // docs:begin maxpool
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        int T = x.dim(1);
        int C = x.dim(2);
        int U = outSteps;
        Tensor y = outputBuffer("y", B);
        if (argmax.length < y.size()) {
            argmax = new int[y.size()];
        }
        float[] in = x.data();
        float[] out = y.data();
        int[] arg = argmax;
        if (!training) {                         // inference: no backward follows, so no argmax to keep
            Parallel.forRange(B, Math.max(1, GRAIN / (T * C)), (b0, b1) -> maxOnly(in, out, b0, b1));
            lastBatch = 0;                       // a backward now is an error, as before any forward
            return y;
        }
        // samples are independent: split them over the threads (the result does not depend on the split)
        Parallel.forRange(B, Math.max(1, GRAIN / (T * C)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int u = 0; u < U; u++) {
                    int o = (b * U + u) * C;                 // output row: C floats
                    int first = (b * T + u * strides) * C;   // first input row of the window
                    for (int c = 0; c < C; c++) {            // max and argmax stay in registers over the window
                        float best = in[first + c];
                        int at = first + c;
                        for (int i = at + C; i < first + poolSize * C; i += C) {
                            float v = in[i];
                            boolean larger = v > best;       // strict: ties keep the first
                            best = larger ? v : best;
                            at = larger ? i : at;
                        }
                        out[o + c] = best;
                        arg[o + c] = at;
                    }
                }
            }
        });
        lastBatch = B;
        return y;
    }

    /**
     * The forward's values without the argmax, for samples [b0, b1): the same strict comparison, so the same bits
     * as a training forward, but with no index bookkeeping.
     */
    private void maxOnly(float[] in, float[] out, int b0, int b1) {
        int T = steps;
        int C = channels;
        int U = outSteps;
        for (int b = b0; b < b1; b++) {
            for (int u = 0; u < U; u++) {
                int o = (b * U + u) * C;
                int first = (b * T + u * strides) * C;
                for (int c = 0; c < C; c++) {
                    float best = in[first + c];
                    for (int i = first + c + C; i < first + poolSize * C; i += C) {
                        float v = in[i];
                        best = v > best ? v : best;
                    }
                    out[o + c] = best;
                }
            }
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, lastBatch);
        Tensor dxTensor = inputBuffer("dx", lastBatch);
        float[] dx = dxTensor.data();
        float[] g = dy.data();
        int[] arg = argmax;
        int T = steps;
        int C = channels;
        int U = outSteps;
        // the windows of sample b lie inside sample b's rows of dx: split over samples
        Parallel.forRange(lastBatch, Math.max(1, GRAIN / (T * C)), (b0, b1) -> {
            Arrays.fill(dx, b0 * T * C, b1 * T * C, 0f);
            for (int o = b0 * U * C; o < b1 * U * C; o++) {
                dx[arg[o]] += g[o];
            }
        });
        return dxTensor;
    }
    // docs:end maxpool
}
