package ser.engine.layers;

import ser.engine.Tensor;

/**
 * Keras {@code GlobalAveragePooling1D}: the mean over the steps of each channel, [B, T, C] -> [B, C].
 * <pre>
 *   forward:   y[b][c]    = (1/T) sum_t x[b][t][c]
 *   backward:  dx[b][t][c] = dy[b][c] / T                 (every step receives the same share)
 * </pre>
 * Padding: this layer averages all T steps, as Keras does without a mask. The recipe pads a short clip after
 * normalisation, so its padded frames enter the network as the speaker's average frame (0), not as silence;
 * a clip of 210 of 259 frames therefore gets 19% of its pooled value from frames that carry no emotion.
 */
public final class GlobalAveragePooling1D extends Layer {

    private int steps;
    private int channels;
    private int lastBatch;

    @Override
    public String kerasClassName() {
        return "GlobalAveragePooling1D";
    }

    @Override
    public String baseName() {
        return "global_average_pooling1d";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).build();
    }

    /** GlobalAveragePooling1D() from its config (it has no settings). */
    public static GlobalAveragePooling1D fromConfig(LayerConfig c) {
        c.requireOnly();
        return new GlobalAveragePooling1D();
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2) {
            throw new IllegalArgumentException(describe() + ": expected input (None, steps, channels) but got "
                    + shapeWithBatch(in));
        }
        steps = in[0];
        channels = in[1];
        return new int[] {channels};
    }

    // docs:begin gap-forward-backward
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        lastBatch = B;
        Tensor y = outputBuffer("y", B);
        float[] xs = x.data();
        float[] ys = y.data();
        float inv = 1f / steps;
        for (int b = 0; b < B; b++) {
            int yo = b * channels;
            java.util.Arrays.fill(ys, yo, yo + channels, 0f);
            for (int t = 0; t < steps; t++) {
                int xo = (b * steps + t) * channels;
                for (int c = 0; c < channels; c++) {
                    ys[yo + c] += xs[xo + c];
                }
            }
            for (int c = 0; c < channels; c++) {
                ys[yo + c] *= inv;
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, lastBatch);
        Tensor dx = inputBuffer("dx", lastBatch);
        float[] g = dy.data();
        float[] d = dx.data();
        float inv = 1f / steps;
        for (int b = 0; b < lastBatch; b++) {
            for (int t = 0; t < steps; t++) {
                int o = (b * steps + t) * channels;
                for (int c = 0; c < channels; c++) {
                    d[o + c] = g[b * channels + c] * inv;
                }
            }
        }
        return dx;
    }
    // docs:end gap-forward-backward
}
