package ser.engine.optim;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.layers.Activation;
import ser.engine.layers.Dense;
import ser.engine.layers.Flatten;
import ser.engine.layers.Weight;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SGD against Keras 2.2.4's update written out step by step (float32, as its TensorFlow variables are). */
class SGDTest {

    /** A one-layer model gives Weights with paths; its Dense kernel (3 x 2) is the parameter under test. */
    private static Weight weight() {
        Sequential m = new Sequential(1, 3);
        m.add(new Flatten());
        m.add(new Dense(2));
        m.add(new Activation("softmax"));
        return m.layers().get(1).weights().get(0);
    }

    private static void run(double lr, double momentum, double decay, boolean nesterov) {
        Weight w = weight();
        float[] p = w.value().data().clone();
        float[] v = new float[p.length];
        SGD sgd = new SGD(lr, momentum, decay, nesterov);
        Rng rng = new Rng(3);
        for (int step = 0; step < 5; step++) {
            float[] g = new float[p.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = rng.uniform(-1, 1);
            }
            System.arraycopy(g, 0, w.grad().data(), 0, g.length);
            // Keras 2.2.4 keras/optimizers.py SGD.get_updates, with iterations read before its increment:
            float lrT = (float) lr;
            if (decay > 0) {
                lrT = (float) lr * (1f / (1f + (float) decay * step));
            }
            for (int i = 0; i < p.length; i++) {
                float vNew = (float) momentum * v[i] - lrT * g[i];
                v[i] = vNew;
                p[i] = nesterov ? p[i] + (float) momentum * vNew - lrT * g[i] : p[i] + vNew;
            }
            sgd.step(List.of(w));
            assertArrayEquals(p, w.value().data(), "step " + step);
            assertArrayEquals(v, sgd.velocities().get(w.path()), "velocity, step " + step);
        }
        assertEquals(5, sgd.iterations());
    }

    @Test
    void plain() {
        run(0.1, 0, 0, false);
    }

    @Test
    void momentum() {
        run(0.05, 0.9, 0, false);
    }

    @Test
    void nesterovWithDecay() {
        run(0.05, 0.9, 0.1, true);
    }

    @Test
    void decayFollowsTheIterationCountBeforeTheUpdate() {
        SGD sgd = new SGD(1.0, 0, 0.5, false);
        assertEquals(1.0f, sgd.currentLr());
        sgd.setIterations(2);
        assertEquals(0.5f, sgd.currentLr());                 // 1 / (1 + 0.5 * 2)
    }

    @Test
    void handComputedStep() {
        Weight w = weight();
        w.set(new float[] {1, 1, 1, 1, 1, 1});
        java.util.Arrays.fill(w.grad().data(), 2f);
        new SGD(0.1).step(List.of(w));
        assertEquals(0.8f, w.value().data()[0]);
    }

    @Test
    void learningRateIsHeldAsFloat32AndValidated() {
        SGD sgd = new SGD(1e-4);
        assertEquals((double) 1e-4f, sgd.lr());
        sgd.setLr(0.3);
        assertEquals((double) 0.3f, sgd.lr());
        assertThrows(IllegalArgumentException.class, () -> new SGD(-1, 0, 0, false));
    }
}
