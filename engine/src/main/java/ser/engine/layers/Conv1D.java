package ser.engine.layers;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.backend.ConvBackend;
import ser.engine.backend.CpuBackend;

import java.util.List;

/**
 * 1D convolution (Keras {@code Conv1D}, stride 1, dilation 1, with bias), channels last.
 *
 * <p>Input shape: (batch, steps, channels) = [B, T, C]. Output shape: (batch, new_steps, filters) = [B, U, F] with
 * U = T for padding 'same' and U = T - K + 1 for 'valid'. Kernel (K, C, F) as Keras stores it, bias (F).
 *
 * <p>Forward, with p = padLeft ((K-1)/2 for 'same', 0 for 'valid') and x = 0 outside [0, T):
 * <pre>
 *   y[b,u,f] = bias[f] + sum_{k,c} x[b, u - p + k, c] * W[k,c,f]
 * </pre>
 * Backward, from the chain rule applied to that one line (each x and W element appears linearly):
 * <pre>
 *   dx[b,t,c] = sum_{k,f} dy[b, t + p - k, f] * W[k,c,f]        (terms with t+p-k outside [0, U) vanish)
 *   dW[k,c,f] += sum_{b,u} x[b, u - p + k, c] * dy[b,u,f]
 *   dbias[f]  += sum_{b,u} dy[b,u,f]
 * </pre>
 * The arithmetic runs in a {@link ConvBackend} (by default {@link CpuBackend#shared()}), which turns each line into one
 * matrix product; see docs/conv1d.md.
 */
public final class Conv1D extends Layer {

    private final int filters;
    private final int kernelSize;
    private final Padding padding;
    private ConvBackend backend = null; // null: CpuBackend.shared(), resolved on first use

    private Weight kernel; // (K, C, F)
    private Weight bias;   // (F)
    private int steps;     // T
    private int channels;  // C
    private int outSteps;  // U
    private int padLeft;

    // cache for backward
    private Tensor input;  // x of the last forward, [B, T, C]

    public Conv1D(int filters, int kernelSize, Padding padding) {
        if (filters < 1 || kernelSize < 1 || padding == null) {
            throw new IllegalArgumentException("Conv1D: filters and kernel_size must be >= 1 and padding set, got filters="
                    + filters + ", kernel_size=" + kernelSize + ", padding=" + padding);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.padding = padding;
    }

    public int filters() {
        return filters;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public Padding padding() {
        return padding;
    }

    @Override
    public String kerasClassName() {
        return "Conv1D";
    }

    @Override
    public String baseName() {
        return "conv1d";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("filters", filters).put("kernel_size", kernelSize)
                .put("padding", padding.kerasName()).build();
    }

    /** Conv1D(filters, kernel_size, padding) from its config. */
    public static Conv1D fromConfig(LayerConfig c) {
        c.requireOnly("filters", "kernel_size", "padding");
        return new Conv1D(c.getInt("filters"), c.getInt("kernel_size"), Padding.of(c.getString("padding")));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2) {
            throw new IllegalArgumentException(describe() + ": expects input (steps, channels) but got "
                    + shapeWithBatch(in));
        }
        int t = in[0];
        int u = padding == Padding.SAME ? t : t - kernelSize + 1;
        if (u < 1 || in[1] < 1) {
            throw new IllegalArgumentException(describe() + ": input " + shapeWithBatch(in) + " is too short for kernel_size "
                    + kernelSize + " with padding '" + padding.kerasName() + "' (output length " + u + ")");
        }
        return new int[] {u, filters};
    }

    @Override
    protected void createWeights(int[] in, Rng rng) {
        steps = in[0];
        channels = in[1];
        outSteps = padding == Padding.SAME ? steps : steps - kernelSize + 1;
        padLeft = padding == Padding.SAME ? (kernelSize - 1) / 2 : 0;
        kernel = new Weight(name(), "kernel", true, kernelSize, channels, filters);
        bias = new Weight(name(), "bias", true, filters);
        Initializers.glorotUniform(kernel.value().data(), kernelSize * channels, kernelSize * filters, rng);
    }

    @Override
    public List<Weight> weights() {
        return List.of(kernel, bias);
    }

    public Weight kernel() {
        return kernel;
    }

    public Weight bias() {
        return bias;
    }

    /** Zero steps padded before the first input step: (K-1)/2 for 'same', 0 for 'valid'. */
    public int padLeft() {
        return padLeft;
    }

    @Override
    public void setBackend(ConvBackend backend) {
        this.backend = backend;
    }

    public ConvBackend backend() {
        if (backend == null) {
            backend = CpuBackend.shared();
        }
        return backend;
    }

    // docs:begin conv1d-layer
    /** x [B, T, C] -> y [B, U, F]. */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        Tensor y = outputBuffer("y", B);
        backend().conv1dForward(x.data(), kernel.value().data(), bias.value().data(), y.data(),
                B, steps, channels, filters, kernelSize, padLeft, outSteps);
        input = x;
        return y;
    }

    /** dy [B, U, F] -> dx [B, T, C] (null when the model needs no input gradient); dW and dbias accumulate. */
    @Override
    public Tensor backward(Tensor dy) {
        int B = input == null ? 0 : input.dim(0);
        checkGradOutput(dy, B);
        Tensor dx = null;
        if (inputGradientNeeded()) {
            dx = inputBuffer("dx", B);
            backend().conv1dBackwardInput(dy.data(), kernel.value().data(), dx.data(),
                    B, steps, channels, filters, kernelSize, padLeft, outSteps);
        }
        backend().conv1dBackwardWeights(input.data(), dy.data(), kernel.grad().data(), bias.grad().data(),
                B, steps, channels, filters, kernelSize, padLeft, outSteps);
        return dx;
    }
    // docs:end conv1d-layer
}
