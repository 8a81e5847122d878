package ser.engine.layers;

import ser.engine.Rng;
import ser.engine.Tensor;

import java.util.List;

/**
 * Fully connected layer (Keras {@code Dense(units)}, with bias, no activation).
 *
 * <p>Input shape [B, N] (N = input features); output shape [B, units]. Kernel (N, units) as Keras stores it, bias
 * (units); Glorot-uniform kernel with fan_in = N, fan_out = units, zero bias.
 * <pre>
 *   y[b,j]   = bias[j] + sum_i x[b,i] W[i,j]
 *   dx[b,i]  = sum_j dy[b,j] W[i,j]            (dy . W^T)
 *   dW[i,j] += sum_b x[b,i] dy[b,j]            (x^T . dy)
 *   dbias[j] += sum_b dy[b,j]
 * </pre>
 * The notebook's Dense is 256 x 2, so plain loops serve; the hot products are the convolutions.
 */
public final class Dense extends Layer {

    private final int units;
    private Weight kernel; // (N, units)
    private Weight bias;   // (units)
    private int inFeatures;
    private Tensor input;  // x of the last forward

    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("Dense: units must be >= 1, got " + units);
        }
        this.units = units;
    }

    public int units() {
        return units;
    }

    @Override
    public String kerasClassName() {
        return "Dense";
    }

    @Override
    public String baseName() {
        return "dense";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("units", units).build();
    }

    /** Dense(units) from its config. */
    public static Dense fromConfig(LayerConfig c) {
        c.requireOnly("units");
        return new Dense(c.getInt("units"));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 1) {
            throw new IllegalArgumentException(describe() + ": expects a flat input (features,) but got "
                    + shapeWithBatch(in) + "; add a Flatten layer before it");
        }
        return new int[] {units};
    }

    @Override
    protected void createWeights(int[] in, Rng rng) {
        inFeatures = in[0];
        kernel = new Weight(name(), "kernel", true, inFeatures, units);
        bias = new Weight(name(), "bias", true, units);
        Initializers.glorotUniform(kernel.value().data(), inFeatures, units, rng);
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

    // docs:begin dense
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        Tensor yTensor = outputBuffer("y", B);
        float[] in = x.data();
        float[] w = kernel.value().data();
        float[] y = yTensor.data();
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < units; j++) {
                float s = 0f;
                for (int i = 0; i < inFeatures; i++) {
                    s += in[b * inFeatures + i] * w[i * units + j];
                }
                y[b * units + j] = s + bias.value().data()[j];
            }
        }
        input = x;
        return yTensor;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int B = input == null ? 0 : input.dim(0);
        checkGradOutput(dy, B);
        Tensor dxTensor = inputBuffer("dx", B);
        float[] g = dy.data();
        float[] in = input.data();
        float[] w = kernel.value().data();
        float[] dw = kernel.grad().data();
        float[] db = bias.grad().data();
        float[] dx = dxTensor.data();
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < inFeatures; i++) {
                float s = 0f;
                for (int j = 0; j < units; j++) {
                    s += g[b * units + j] * w[i * units + j];
                    dw[i * units + j] += in[b * inFeatures + i] * g[b * units + j];
                }
                dx[b * inFeatures + i] = s;
            }
            for (int j = 0; j < units; j++) {
                db[j] += g[b * units + j];
            }
        }
        return dxTensor;
    }
    // docs:end dense
}
