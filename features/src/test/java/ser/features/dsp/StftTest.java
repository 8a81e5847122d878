package ser.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

class StftTest {

    /** JTransforms' realForward packing, checked against a naive DFT. */
    @Test
    void realForwardPackingMatchesNaiveDft() {
        int n = 16;
        double[] x = new Random(1).doubles(n, -1, 1).toArray();
        double[] a = x.clone();
        new DoubleFFT_1D(n).realForward(a);
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int m = 0; m < n; m++) {
                re += x[m] * Math.cos(2 * Math.PI * k * m / n);
                im -= x[m] * Math.sin(2 * Math.PI * k * m / n);
            }
            double gotRe = k == 0 ? a[0] : k == n / 2 ? a[1] : a[2 * k];
            double gotIm = k == 0 || k == n / 2 ? 0 : a[2 * k + 1];
            assertEquals(re, gotRe, 1e-12, "Re X_" + k);
            assertEquals(im, gotIm, 1e-12, "Im X_" + k);
        }
    }

    /** numpy: np.pad([1,2,3], 5, mode='reflect') = [2 1 2 3 2 1 2 3 2 1 2 3 2]. */
    @Test
    void reflectPaddingMatchesNumpy() {
        int[] expect = {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2};
        int[] x = {1, 2, 3};
        for (int p = -5; p < 8; p++) assertEquals(expect[p + 5], x[Stft.reflect(p, 3)], "position " + p);
        assertEquals(0, Stft.reflect(-7, 1));
    }

    @Test
    void periodicHann() {
        double[] w = Stft.hannPeriodic(8);
        for (int m = 0; m < 8; m++) assertEquals(0.5 - 0.5 * Math.cos(2 * Math.PI * m / 8), w[m], 3e-16);
        assertEquals(0.0, w[0], 1e-17);
        assertEquals(1.0, w[4], 0);
    }

    /** A pure tone on a bin centre puts its power in that bin; Parseval holds per frame. */
    @Test
    void toneLandsInItsBinAndParsevalHolds() {
        int nFft = 64, hop = 16, n = 640, bin = 5;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.cos(2 * Math.PI * bin * i / nFft);
        Stft stft = new Stft(nFft, hop);
        double[] p = stft.power(y);
        int frames = stft.frames(n);
        assertEquals(1 + n / hop, frames);
        int t = frames / 2;
        int argmax = 0;
        for (int k = 0; k < stft.bins(); k++) if (p[t * stft.bins() + k] > p[t * stft.bins() + argmax]) argmax = k;
        assertEquals(bin, argmax);
        // Parseval for the windowed frame: sum |x w|^2 = (1/N) (|X0|^2 + |XN/2|^2 + 2 sum_{0<k<N/2} |Xk|^2)
        double[] w = Stft.hannPeriodic(nFft);
        double time = 0;
        for (int m = 0; m < nFft; m++) {
            double v = y[t * hop - nFft / 2 + m] * w[m];
            time += v * v;
        }
        double freq = p[t * stft.bins()] + p[t * stft.bins() + nFft / 2];
        for (int k = 1; k < nFft / 2; k++) freq += 2 * p[t * stft.bins() + k];
        assertEquals(time, freq / nFft, 1e-12);
    }

    /** The float32 path equals the float64 path rounded to complex64, so they agree to float32 precision. */
    @Test
    void float32PathIsFloat64PathRounded() {
        float[] y = new float[3000];
        Random r = new Random(2);
        for (int i = 0; i < y.length; i++) y[i] = (float) r.nextGaussian() * 0.1f;
        double[] yd = new double[y.length];
        for (int i = 0; i < y.length; i++) yd[i] = y[i];
        Stft stft = new Stft(256, 64);
        double[] pf = stft.power(y), pd = stft.power(yd);
        double worst = 0;
        for (int i = 0; i < pf.length; i++) if (pd[i] > 1e-6) worst = Math.max(worst, Math.abs(pf[i] - pd[i]) / pd[i]);
        assertEquals(0, worst, 1e-6);
        assertArrayEquals(new int[] {1 + 3000 / 64}, new int[] {stft.frames(3000)});
    }

    /** numpy's complex64 abs (AVX-512 loop): l * sqrtf(fmaf(q, q, 1)); spot values computed with numpy 2.4. */
    @Test
    void complex64PowerFollowsNumpy() {
        // np.abs(np.complex64(3+4j))**2 = 25 exactly; a pure real value is its square
        assertEquals(25.0, Stft.powerF32(3, 4), 0);
        assertEquals(0.0, Stft.powerF32(0, 0), 0);
        assertEquals(0.1f * 0.1f, Stft.powerF32(0.1, 0), 0);
        // numpy 2.4 (AVX-512): np.abs(np.array([np.complex64(-0.9582651853561401+1.600019097328186j)]))[0]**2
        // = 3.4783334732055664, while float32(hypot(re, im))**2 = 3.478332996368408
        assertEquals(3.4783334732055664, Stft.powerF32(-0.9582651853561401, 1.600019097328186), 0);
    }
}
