package ser.engine.optim;

import ser.engine.layers.Weight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as Keras 2.2.4's {@code keras.optimizers.Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0,
 * amsgrad=False)} computes it, in float32 like its TensorFlow variables:
 * <pre>
 *   lr  = lr * (1 / (1 + decay * iterations))            (only when decay &gt; 0; iterations before the update)
 *   t   = iterations + 1                                  (Keras increments first, under a control dependency)
 *   lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)       (bias corrections folded into the step size)
 *   m   = beta_1 * m + (1 - beta_1) * g                   (m, v start at zero)
 *   v   = beta_2 * v + (1 - beta_2) * g^2
 *   p   = p - lr_t * m / (sqrt(v) + epsilon)              epsilon = K.epsilon() = 1e-7 when None
 * </pre>
 * Note that epsilon is added to sqrt(v) of the uncorrected v (Kingma and Ba's "epsilon hat"), not to the
 * bias-corrected one. Moments are keyed by {@link Weight#path()}.
 */
public final class Adam extends KerasOptimizer {

    /** Keras 2.2.4's K.epsilon(). */
    public static final double KERAS_EPSILON = 1e-7;

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, float[]> m = new LinkedHashMap<>();
    private final Map<String, float[]> v = new LinkedHashMap<>();

    public Adam(double lr, double beta1, double beta2, double epsilon, double decay) {
        super("Adam", checked(lr, beta1, beta2, epsilon, decay), decay);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
    }

    /** lr, once every setting is known valid (a constructor's first statement must be the super call). */
    private static double checked(double lr, double beta1, double beta2, double epsilon, double decay) {
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0) || !(decay >= 0)) {
            throw new IllegalArgumentException("Adam: need lr >= 0, 0 <= beta_1, beta_2 < 1, epsilon >= 0, decay >= 0; got lr="
                    + lr + ", beta_1=" + beta1 + ", beta_2=" + beta2 + ", epsilon=" + epsilon + ", decay=" + decay);
        }
        return lr;
    }

    /** Keras defaults besides lr: beta_1 0.9, beta_2 0.999, epsilon 1e-7, decay 0. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, KERAS_EPSILON, 0.0);
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    /** First moments by weight path; live map. */
    public Map<String, float[]> firstMoments() {
        return m;
    }

    /** Second moments by weight path; live map. */
    public Map<String, float[]> secondMoments() {
        return v;
    }

    // docs:begin adam-step
    @Override
    public void step(List<Weight> weights) {
        float lrNow = currentLr();
        float t = (float) (iterations + 1);
        float lrT = lrNow * ((float) Math.sqrt(1f - (float) Math.pow(beta2, t)) / (1f - (float) Math.pow(beta1, t)));
        for (Weight w : weights) {
            float[] p = w.value().data();
            float[] g = w.grad().data();
            float[] mw = m.computeIfAbsent(w.path(), k -> new float[p.length]);
            float[] vw = v.computeIfAbsent(w.path(), k -> new float[p.length]);
            if (mw.length != p.length || vw.length != p.length) {
                throw new IllegalStateException("Adam: moments for " + w.path() + " do not fit the weight's " + p.length + " values");
            }
            for (int i = 0; i < p.length; i++) {
                mw[i] = beta1 * mw[i] + (1f - beta1) * g[i];
                vw[i] = beta2 * vw[i] + (1f - beta2) * (g[i] * g[i]);
                p[i] -= lrT * mw[i] / ((float) Math.sqrt(vw[i]) + epsilon);
            }
        }
        iterations++;
    }
    // docs:end adam-step

    @Override
    public String config() {
        return "Adam(lr=" + lr + ", beta_1=" + beta1 + ", beta_2=" + beta2 + ", epsilon=" + epsilon + ", decay=" + decay
                + ", amsgrad=false)";
    }
}
