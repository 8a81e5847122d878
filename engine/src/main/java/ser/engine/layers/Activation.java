package ser.engine.layers;

import static ser.engine.concurrent.Parallel.GRAIN;

import ser.engine.Tensor;
import ser.engine.concurrent.Parallel;

/**
 * Elementwise activation (Keras {@code Activation}): "relu" or "softmax" (softmax over the last axis).
 *
 * <p>Input and output shape: any, unchanged.
 * <pre>
 *   relu:    y = max(x, 0)                        dx = dy * [x > 0]     (Keras/TF: zero gradient at x = 0)
 *            (a NaN input stays NaN, so a diverging run reaches the loss check instead of being zeroed;
 *            both loops are branch-free, since ReLU's random signs defeat branch prediction)
 *   softmax: y_i = exp(x_i - m) / sum_j exp(x_j - m),  m = max_j x_j   (m only for stability; y is unchanged)
 *            dx_i = y_i (dy_i - sum_j dy_j y_j)
 * </pre>
 * Training a model does not use the softmax backward: the loss gradient is taken straight to the logits in the
 * fused form p - y by {@link SoftmaxCrossEntropy}. It is here for completeness and checked like every layer.
 */
public final class Activation extends Layer {

    private final String activation;
    private final boolean relu;
    private Tensor output;  // y of the last forward (relu: y > 0 iff x > 0; softmax: the probabilities)

    public Activation(String activation) {
        if (!"relu".equals(activation) && !"softmax".equals(activation)) {
            throw new IllegalArgumentException("Activation: unsupported activation '" + activation
                    + "' (supported: relu, softmax)");
        }
        this.activation = activation;
        this.relu = "relu".equals(activation);
    }

    /** "relu" or "softmax". */
    public String activation() {
        return activation;
    }

    @Override
    public String kerasClassName() {
        return "Activation";
    }

    @Override
    public String baseName() {
        return "activation";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("activation", activation).build();
    }

    /** Activation(activation) from its config. */
    public static Activation fromConfig(LayerConfig c) {
        c.requireOnly("activation");
        return new Activation(c.getString("activation"));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        return in;
    }

    // docs:begin activation
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        output = outputBuffer("y", B);
        float[] in = x.data();
        float[] y = output.data();
        if (relu) {
            Parallel.forRange(in.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    y[i] = Math.max(in[i], 0f);  // branch-free; NaN stays NaN, so a diverging run is noticed
                }
            });
        } else {
            int n = x.dim(-1);
            for (int row = 0; row < in.length; row += n) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, in[row + j]);
                }
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    y[row + j] = (float) Math.exp(in[row + j] - max);
                    sum += y[row + j];
                }
                for (int j = 0; j < n; j++) {
                    y[row + j] /= sum;
                }
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, output == null ? 0 : output.dim(0));
        Tensor dxTensor = inputBuffer("dx", output.dim(0));
        float[] g = dy.data();
        float[] y = output.data();
        float[] dx = dxTensor.data();
        if (relu) {
            Parallel.forRange(g.length, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    // dx = y > 0 ? dy : 0 without a branch (random signs defeat branch prediction, 15x slower):
                    // y >= +0 here, so bits(y) - 1 is negative exactly when y == +0, and the mask clears dy there.
                    int keep = ~((Float.floatToRawIntBits(y[i]) - 1) >> 31);
                    dx[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
                }
            });
        } else {
            int n = output.dim(-1);
            for (int row = 0; row < g.length; row += n) {
                double dot = 0;                  // sum_j dy_j y_j
                for (int j = 0; j < n; j++) {
                    dot += g[row + j] * (double) y[row + j];
                }
                for (int j = 0; j < n; j++) {
                    dx[row + j] = (float) (y[row + j] * (g[row + j] - dot));
                }
            }
        }
        return dxTensor;
    }
    // docs:end activation
}
