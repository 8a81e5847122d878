package ser.engine.optim;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.Dense;
import ser.engine.layers.Flatten;
import ser.engine.layers.Weight;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Adam against Kingma and Ba's Algorithm 1 written in double with explicit bias corrections,
 * m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), p -= lr * m_hat / (sqrt(v_hat) + eps_hat), where Keras' epsilon
 * on the uncorrected sqrt(v) is eps_hat = eps / sqrt(1 - b2^t). A different algebraic form of the same update, so
 * a slip in the folded step size lr_t (a swapped beta, t counted from 0, epsilon in the wrong place) shows up.
 */
class AdamTest {

    private static Weight weight() {
        Sequential m = new Sequential(1, 3);
        m.add(new Flatten());
        m.add(new Dense(2));
        m.add(new Activation("softmax"));
        return m.layers().get(1).weights().get(0);
    }

    private static void run(double lr, double b1, double b2, double eps, double decay, int steps) {
        Weight w = weight();
        float[] start = w.value().data().clone();
        double[] p = new double[start.length];
        for (int i = 0; i < p.length; i++) p[i] = start[i];
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        Adam adam = new Adam(lr, b1, b2, eps, decay);
        Rng rng = new Rng(5);
        for (int step = 0; step < steps; step++) {
            float[] g = new float[p.length];
            for (int i = 0; i < g.length; i++) g[i] = rng.uniform(-1, 1) * (i + 1) * 0.3f;
            System.arraycopy(g, 0, w.grad().data(), 0, g.length);
            int t = step + 1;
            double lrNow = lr / (1 + decay * step);
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                double epsHat = eps / Math.sqrt(1 - Math.pow(b2, t));
                p[i] -= lrNow * mHat / (Math.sqrt(vHat) + epsHat);
            }
            adam.step(List.of(w));
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i], w.value().data()[i], 2e-6 * Math.max(1, Math.abs(p[i])), "step " + step + ", element " + i);
            }
        }
        assertEquals(steps, adam.iterations());
    }

    @Test
    void kerasDefaults() {
        run(1e-3, 0.9, 0.999, Adam.KERAS_EPSILON, 0, 20);
    }

    @Test
    void largeStepsOtherBetasAndDecay() {
        run(0.05, 0.8, 0.99, 1e-3, 0.1, 12);
    }

    /** The first update moves every parameter by about lr against its gradient's sign, whatever its size. */
    @Test
    void firstStepIsLrTimesTheSign() {
        Weight w = weight();
        float[] before = w.value().data().clone();
        float[] g = {3f, -0.01f, 0.1f, -50f, 0.5f, -2f};   // |g| >> eps / sqrt(1 - b2) = 3.2e-6
        System.arraycopy(g, 0, w.grad().data(), 0, g.length);
        new Adam(0.01).step(List.of(w));
        for (int i = 0; i < g.length; i++) {
            assertEquals(-0.01 * Math.signum(g[i]), w.value().data()[i] - before[i], 1e-5, "element " + i);
        }
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-7, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
    }
}
