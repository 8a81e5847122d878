package ser.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DctTest {

    /** JTransforms forward(x, scale=true) is the orthonormal DCT-II of the formula. */
    @Test
    void jtransformsScaledDctIsOrthonormalDct2() {
        for (int n : new int[] {8, 13, 40, 128}) {
            double[] x = new Random(n).doubles(n, -100, 10).toArray();
            double[] ref = Dct.reference(x);
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = x[i];
            Dct dct = new Dct(n, n);
            double[] got = dct.apply(col, 1);
            double worst = 0;
            for (int k = 0; k < n; k++) worst = Math.max(worst, Math.abs(got[k] - ref[k]));
            System.out.printf("DCT-II ortho n=%d: JTransforms vs formula max|diff| = %.3g%n", n, worst);
            assertTrue(worst < 1e-11, "n=" + n + ": " + worst);
        }
    }

    /** Orthonormality: energy is preserved and a constant maps to c_0 = sqrt(N) * value only. */
    @Test
    void orthonormal() {
        int n = 128;
        double[] x = new Random(7).doubles(n).toArray();
        double[] c = new Dct(n, n).apply(x.clone(), 1);
        double ex = 0, ec = 0;
        for (int i = 0; i < n; i++) {
            ex += x[i] * x[i];
            ec += c[i] * c[i];
        }
        assertEquals(ex, ec, 1e-10);
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 2.0);
        double[] c1 = new Dct(n, 3).apply(ones, 1);
        assertEquals(2.0 * Math.sqrt(n), c1[0], 1e-12);
        assertEquals(0, c1[1], 1e-12);
    }

    /** Band-major [n][frames] in, [nKeep][frames] out. */
    @Test
    void layoutIsBandMajor() {
        int n = 16, frames = 3;
        double[] x = new double[n * frames];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        double[] out = new Dct(n, 4).apply(x, frames);
        for (int t = 0; t < frames; t++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = x[i * frames + t];
            double[] ref = Dct.reference(col);
            for (int k = 0; k < 4; k++) assertEquals(ref[k], out[k * frames + t], 1e-12);
        }
    }
}
