package ser.engine.gradcheck;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.layers.Activation;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.Dropout;
import ser.engine.layers.Flatten;
import ser.engine.layers.Layer;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.layers.SoftmaxCrossEntropy;
import ser.engine.layers.Weight;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Single-layer gradient-check cases. Each case runs the engine's float32 forward and backward once with the scalar
 * loss L = sum_i y_i r_i (r random, so dL/dy = r), keeps the analytic gradients, and pairs them with a reference
 * function computing the same L in double with {@link Ref}.
 */
public final class LayerCases {

    private LayerCases() {
    }

    /** A prepared check: operands with analytic gradients, and the double-precision loss. */
    public record Case(String label, Layer layer, List<GradCheck.Operand> operands, ToDoubleFunction<double[][]> loss,
                       float[] upstream) {
        public GradCheck.Report run() {
            return GradCheck.check(label, operands, loss);
        }

        public GradCheck.Operand operand(String name) {
            return operands.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** Uniform floats in [-1, 1). */
    public static float[] uniform(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.uniform(-1, 1);
        }
        return a;
    }

    /** Distinct values spread over [-1, 1), at least 2/n apart, in random order (max pooling needs no near-ties). */
    public static float[] distinct(Rng rng, int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        rng.shuffle(perm);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((perm[i] + 0.5) / n * 2 - 1);
        }
        return a;
    }

    /** Uniform in [-1, -0.05] or [0.05, 1]: away from ReLU's kink so finite differences do not straddle it. */
    public static float[] awayFromZero(Rng rng, int n) {
        float[] a = uniform(rng, n);
        for (int i = 0; i < n; i++) {
            a[i] = Math.copySign(0.05f + 0.95f * Math.abs(a[i]), a[i]);
        }
        return a;
    }

    /**
     * Runs forward (training or not) and backward with upstream r on layer built for x's per-sample shape;
     * operand 0 is the input, then the trainable weights in order.
     */
    static Case prepare(String label, Layer layer, Tensor x, boolean training, Rng rng, Forward ref) {
        int[] perSample = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!layer.isBuilt()) {
            layer.build(perSample, rng);
        }
        return run(label, layer, x, training, rng, ref);
    }

    // docs:begin layer-case
    static Case run(String label, Layer layer, Tensor x, boolean training, Rng rng, Forward ref) {
        Tensor y = layer.forward(x, training);
        float[] r = uniform(rng, y.size());
        layer.zeroGrad();
        Tensor dx = layer.backward(Tensor.of(r.clone(), y.shape()));
        List<GradCheck.Operand> ops = new ArrayList<>();
        ops.add(new GradCheck.Operand("input", x.data().clone(), dx.data().clone()));
        for (Weight w : layer.weights()) {
            if (w.trainable()) {
                ops.add(new GradCheck.Operand(w.name(), w.value().data().clone(), w.grad().data().clone()));
            }
        }
        return new Case(label, layer, ops, v -> Ref.dot(ref.apply(v), r), r);
    }
    // docs:end layer-case

    /** Reference forward: operand values (input first, then trainable weights) to the layer output. */
    @FunctionalInterface
    interface Forward {
        double[] apply(double[][] v);
    }

    public static Case conv(long seed, int B, int T, int C, int F, int K, Padding padding) {
        Rng rng = new Rng(seed);
        Conv1D layer = new Conv1D(F, K, padding);
        layer.build(new int[] {T, C}, rng);
        layer.bias().set(uniform(rng, F));                 // a non-zero bias, so its path is exercised
        Tensor x = Tensor.of(uniform(rng, B * T * C), B, T, C);
        boolean same = padding == Padding.SAME;
        String label = String.format("Conv1D B=%d T=%d C=%d F=%d K=%d %s", B, T, C, F, K, padding.kerasName());
        return run(label, layer, x, true, rng, v -> Ref.conv1d(v[0], B, T, C, v[1], v[2], F, K, same));
    }

    public static Case batchNorm(long seed, int B, int T, int C, boolean training) {
        Rng rng = new Rng(seed);
        BatchNormalization layer = new BatchNormalization();
        layer.build(new int[] {T, C}, rng);
        layer.gamma().set(uniform(rng, C));
        layer.beta().set(uniform(rng, C));
        float[] mm = uniform(rng, C);
        float[] mv = new float[C];
        for (int c = 0; c < C; c++) {
            mv[c] = 0.5f + Math.abs(rng.uniform(-1, 1));
        }
        layer.movingMean().set(mm);
        layer.movingVariance().set(mv);
        float[] xs = uniform(rng, B * T * C);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 3 * xs[i] + 0.5f;                        // mean and variance far from 0 and 1
        }
        Tensor x = Tensor.of(xs, B, T, C);
        double eps = layer.epsilon();
        String label = String.format("BatchNormalization %s B=%d T=%d C=%d", training ? "train" : "infer", B, T, C);
        double[] mmD = Ref.toDouble(mm);
        double[] mvD = Ref.toDouble(mv);
        return run(label, layer, x, training, rng, training
                ? v -> Ref.batchNormTrain(v[0], C, v[1], v[2], eps)
                : v -> Ref.batchNormInfer(v[0], C, v[1], v[2], mmD, mvD, eps));
    }

    public static Case relu(long seed, int B, int T, int C) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(awayFromZero(rng, B * T * C), B, T, C);
        return prepare(String.format("Activation relu B=%d T=%d C=%d", B, T, C), new Activation("relu"), x, true, rng,
                v -> Ref.relu(v[0]));
    }

    public static Case softmax(long seed, int B, int K) {
        Rng rng = new Rng(seed);
        float[] z = uniform(rng, B * K);
        for (int i = 0; i < z.length; i++) {
            z[i] *= 3;
        }
        Tensor x = Tensor.of(z, B, K);
        return prepare(String.format("Activation softmax B=%d K=%d", B, K), new Activation("softmax"), x, true, rng,
                v -> Ref.softmax(v[0], K));
    }

    public static Case dropout(long seed, int B, int T, int C, double rate, boolean training) {
        Rng rng = new Rng(seed);
        Dropout layer = new Dropout(rate);
        layer.build(new int[] {T, C}, rng);
        layer.beginStep(7);
        Tensor x = Tensor.of(uniform(rng, B * T * C), B, T, C);
        String label = String.format("Dropout(%.2f) %s B=%d T=%d C=%d", rate, training ? "train" : "infer", B, T, C);
        Tensor probe = layer.forward(x, training);          // to read the mask the checked forward will use
        float[] mask = training ? layer.lastMask().data().clone() : null;
        return run(label, layer, x, training, rng, training ? v -> Ref.dropout(v[0], mask, rate) : v -> v[0].clone());
    }

    public static Case maxPool(long seed, int B, int T, int C, int pool) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(distinct(rng, B * T * C), B, T, C);
        return prepare(String.format("MaxPooling1D(%d) B=%d T=%d C=%d", pool, B, T, C), new MaxPooling1D(pool), x,
                true, rng, v -> Ref.maxPool(v[0], B, T, C, pool));
    }

    public static Case flatten(long seed, int B, int T, int C) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(uniform(rng, B * T * C), B, T, C);
        return prepare(String.format("Flatten B=%d T=%d C=%d", B, T, C), new Flatten(), x, true, rng,
                v -> v[0].clone());
    }

    public static Case dense(long seed, int B, int N, int units) {
        Rng rng = new Rng(seed);
        Dense layer = new Dense(units);
        layer.build(new int[] {N}, rng);
        layer.bias().set(uniform(rng, units));
        Tensor x = Tensor.of(uniform(rng, B * N), B, N);
        return run(String.format("Dense B=%d N=%d units=%d", B, N, units), layer, x, true, rng,
                v -> Ref.dense(v[0], B, N, v[1], v[2], units));
    }

    /**
     * The fused loss: logits z [B, K] -> softmax -> Keras categorical cross-entropy (mean over the batch). The
     * analytic gradient is SoftmaxCrossEntropy's dLogits; the reference is Ref.crossEntropy(Ref.softmax(z)).
     */
    public static Case softmaxCrossEntropy(long seed, int B, int K, float logitScale) {
        Rng rng = new Rng(seed);
        float[] z = uniform(rng, B * K);
        for (int i = 0; i < z.length; i++) {
            z[i] *= logitScale;
        }
        int[] labels = new int[B];
        for (int b = 0; b < B; b++) {
            labels[b] = rng.nextInt(K);
        }
        Activation softmax = new Activation("softmax");
        softmax.build(new int[] {K}, rng);
        Tensor p = softmax.forward(Tensor.of(z, B, K), true);
        float[] dz = new float[B * K];
        SoftmaxCrossEntropy.lossAndGradient(p.data(), labels, B, K, dz);
        List<GradCheck.Operand> ops = new ArrayList<>();
        ops.add(new GradCheck.Operand("logits", z.clone(), dz));
        return new Case(String.format("softmax + cross-entropy B=%d K=%d scale %.0f", B, K, logitScale), softmax, ops,
                v -> Ref.crossEntropy(Ref.softmax(v[0], K), labels, K), null);
    }
}
