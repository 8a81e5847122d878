package ser.engine.layers;

import ser.engine.Tensor;

/**
 * Keras {@code GlobalAveragePooling1D}: the mean over the steps of each channel, [B, T, C] -> [B, C].
 * <pre>
 *   forward:   y[b][c]     = (1/n_b) sum_{t &lt; n_b} x[b][t][c]
 *   backward:  dx[b][t][c] = dy[b][c] / n_b   for t &lt; n_b,   0 for the padded steps t &gt;= n_b
 * </pre>
 * Without a mask n_b = T for every sample, as Keras does without a mask. With {@code mask_padding} (the recipe's
 * network), n_b counts the steps that come from the clip's real frames and not from the zero rows a short clip was
 * padded with: the model passes each sample's valid input frames v_b of T0 ({@link PaddingMasked}), and after the
 * pooling layers in between n_b = clamp(ceil(v_b T / T0), 1, T) (210 of 259 frames: 26 of 32 steps). Padding is
 * added after normalisation, where 0 is the speaker's mean frame, so without the mask a 210-frame clip would take
 * 19% of its pooled value from frames that carry no emotion.
 */
public final class GlobalAveragePooling1D extends Layer implements PaddingMasked {

    private final boolean maskPadding;
    private int steps;
    private int channels;
    private int lastBatch;
    private int[] inputValid;        // the network input's valid steps per sample, set before each forward
    private int inputSteps;
    private int[] used = new int[0]; // n_b of the last forward

    /** The mean over all T steps (Keras' GlobalAveragePooling1D()). */
    public GlobalAveragePooling1D() {
        this(false);
    }

    /** With maskPadding, the mean over each sample's real steps only. */
    public GlobalAveragePooling1D(boolean maskPadding) {
        this.maskPadding = maskPadding;
    }

    public boolean maskPadding() {
        return maskPadding;
    }

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
        LayerConfig.Builder b = LayerConfig.builder(kerasClassName(), name());
        if (maskPadding) {
            b.put("mask_padding", true);    // not a Keras setting; absent means Keras' plain mean
        }
        return b.build();
    }

    /** GlobalAveragePooling1D() from its config (optionally mask_padding). */
    public static GlobalAveragePooling1D fromConfig(LayerConfig c) {
        c.requireOnly("mask_padding");
        return new GlobalAveragePooling1D(c.getBoolean("mask_padding", false));
    }

    @Override
    public void validInputSteps(int[] valid, int inputSteps) {
        this.inputValid = valid;
        this.inputSteps = inputSteps;
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

    /** n_b for each of B samples: T without a mask, else the valid input steps scaled to this layer's T. */
    private int[] stepsUsed(int B) {
        if (used.length != B) {
            used = new int[B];
        }
        for (int b = 0; b < B; b++) {
            if (!maskPadding || inputValid == null || inputValid.length != B) {
                used[b] = steps;
            } else {
                long n = ((long) inputValid[b] * steps + inputSteps - 1) / inputSteps;   // ceil(v T / T0)
                used[b] = (int) Math.max(1, Math.min(steps, n));
            }
        }
        return used;
    }

    // docs:begin gap-forward-backward
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        lastBatch = B;
        Tensor y = outputBuffer("y", B);
        float[] xs = x.data();
        float[] ys = y.data();
        int[] n = stepsUsed(B);
        for (int b = 0; b < B; b++) {
            int yo = b * channels;
            float inv = 1f / n[b];
            java.util.Arrays.fill(ys, yo, yo + channels, 0f);
            for (int t = 0; t < n[b]; t++) {
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
        for (int b = 0; b < lastBatch; b++) {
            float inv = 1f / used[b];
            for (int t = 0; t < steps; t++) {
                int o = (b * steps + t) * channels;
                for (int c = 0; c < channels; c++) {
                    d[o + c] = t < used[b] ? g[b * channels + c] * inv : 0f;
                }
            }
        }
        return dx;
    }
    // docs:end gap-forward-backward
}
