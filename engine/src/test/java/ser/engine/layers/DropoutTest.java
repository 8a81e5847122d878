package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class DropoutTest {

    private static Dropout built(double rate, long seed) {
        Dropout d = new Dropout(rate);
        d.build(new int[] {100, 10}, new Rng(seed));
        return d;
    }

    @Test
    void maskIsTheDocumentedHashAndScalesKeptValues() {
        Dropout d = built(0.25, 1);
        d.beginStep(5);
        float[] x = new float[2 * 100 * 10];
        java.util.Arrays.fill(x, 3f);
        float[] y = d.forward(Tensor.of(x, 2, 100, 10), true).data();
        int kept = 0;
        for (int i = 0; i < x.length; i++) {
            boolean keep = Rng.unitFloat(Rng.hash(d.seed(), 5, i)) >= 0.25f;
            assertEquals(keep ? 3f / 0.75f : 0f, y[i], "element " + i);
            kept += keep ? 1 : 0;
        }
        assertEquals(0.75 * x.length, kept, 4 * Math.sqrt(x.length * 0.25 * 0.75));
    }

    @Test
    void masksDependOnStepAndSeedOnly() {
        Dropout a = built(0.5, 1);
        Dropout b = built(0.5, 1);
        Tensor x = Tensor.of(new float[1000], 1, 100, 10);
        java.util.Arrays.fill(x.data(), 1f);
        a.beginStep(3);
        b.beginStep(3);
        float[] ya = a.forward(x, true).data().clone();
        assertArrayEquals(ya, b.forward(x, true).data());
        b.beginStep(4);
        assertFalse(java.util.Arrays.equals(ya, b.forward(x, true).data()));
    }

    @Test
    void inferenceIsTheIdentity() {
        Dropout d = built(0.25, 1);
        Tensor x = Tensor.of(new float[1000], 1, 100, 10);
        assertSame(x, d.forward(x, false));
        Tensor dy = Tensor.of(new float[1000], 1, 100, 10);
        assertSame(dy, d.backward(dy));
    }
}
