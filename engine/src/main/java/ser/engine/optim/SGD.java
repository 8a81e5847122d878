package ser.engine.optim;

import ser.engine.layers.Weight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, time-based decay and optional Nesterov momentum, exactly as Keras 2.2.4
 * {@code keras.optimizers.SGD} computes it (float32 arithmetic, like its TensorFlow variables):
 * <pre>
 *   lr_t = lr * (1 / (1 + decay * iterations))      (only when decay &gt; 0; iterations counted before this update)
 *   v    = momentum * v - lr_t * g                   (v starts at zero)
 *   p    = p + v                                     or, with nesterov,  p = p + momentum * v - lr_t * g
 *   iterations = iterations + 1
 * </pre>
 * Keras 2.2.4 builds {@code iterations += 1} and the decayed rate in one graph step without a control dependency
 * between them; this class uses the count before the increment, so the first update runs at lr_t = lr. With decay
 * 0 (the notebook) the question does not arise.
 *
 * <p>The learning rate is held as a float32 like Keras' {@code K.variable}, so {@link #setLr(double)} rounds to
 * float. Momentum buffers ("velocities") are keyed by {@link Weight#path()} and exposed for saving and resuming.
 */
public final class SGD extends KerasOptimizer {

    private final float momentum;
    private final boolean nesterov;
    private final Map<String, float[]> velocities = new LinkedHashMap<>();

    public SGD(double lr, double momentum, double decay, boolean nesterov) {
        super("SGD", checked(lr, momentum, decay), decay);
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    /** lr, once every setting is known valid (a constructor's first statement must be the super call). */
    private static double checked(double lr, double momentum, double decay) {
        if (!(lr >= 0) || !(momentum >= 0) || !(decay >= 0)) {
            throw new IllegalArgumentException("SGD: lr, momentum and decay must be >= 0, got lr=" + lr
                    + ", momentum=" + momentum + ", decay=" + decay);
        }
        return lr;
    }

    /** Keras defaults besides lr: momentum 0, decay 0, no Nesterov. */
    public SGD(double lr) {
        this(lr, 0.0, 0.0, false);
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    /** Momentum buffers by weight path ("conv1d_1/kernel"), same layout as the weight; live map. */
    public Map<String, float[]> velocities() {
        return velocities;
    }

    // docs:begin sgd-step
    @Override
    public void step(List<Weight> weights) {
        float lrT = currentLr();
        for (Weight w : weights) {
            float[] p = w.value().data();
            float[] g = w.grad().data();
            float[] v = velocities.computeIfAbsent(w.path(), k -> new float[p.length]);
            if (v.length != p.length) {
                throw new IllegalStateException("SGD: velocity for " + w.path() + " has " + v.length
                        + " values but the weight has " + p.length);
            }
            for (int i = 0; i < p.length; i++) {
                v[i] = momentum * v[i] - lrT * g[i];
                p[i] = nesterov ? p[i] + momentum * v[i] - lrT * g[i] : p[i] + v[i];
            }
        }
        iterations++;
    }
    // docs:end sgd-step

    @Override
    public String config() {
        return "SGD(lr=" + lr + ", momentum=" + momentum + ", decay=" + decay + ", nesterov=" + nesterov + ")";
    }
}
