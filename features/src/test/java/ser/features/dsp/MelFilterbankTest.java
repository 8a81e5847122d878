package ser.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MelFilterbankTest {

    @Test
    void slaneyScale() {
        assertEquals(0, MelFilterbank.hzToMel(0), 0);
        assertEquals(15.0, MelFilterbank.hzToMel(1000), 1e-12, "1 kHz is mel 15 (linear part: 1000 / (200/3))");
        assertEquals(15.0 + 27.0, MelFilterbank.hzToMel(6400), 1e-12, "27 mels per factor 6.4 above 1 kHz");
        for (double f : new double[] {10, 500, 999, 1000, 1001, 4000, 22050}) {
            assertEquals(f, MelFilterbank.melToHz(MelFilterbank.hzToMel(f)), 1e-9 * f);
        }
    }

    /** Slaney area normalisation: each triangle integrates to 1 over frequency (checked on a fine FFT grid). */
    @Test
    void trianglesHaveUnitArea() {
        int nFft = 1 << 16;
        double sr = 44100;
        MelFilterbank fb = new MelFilterbank(sr, nFft, 40, 0, sr / 2);
        double[][] w = fb.weights();
        double df = sr / nFft;
        for (int i = 0; i < 40; i++) {
            double area = 0;
            for (double v : w[i]) area += v * df;
            assertEquals(1.0, area, 2e-3, "band " + i);
        }
    }

    /** apply() is the dense product W . P. */
    @Test
    void sparseApplyEqualsDenseProduct() {
        MelFilterbank fb = new MelFilterbank(16000, 512, 20, 100, 7000);
        int bins = 257, frames = 3;
        double[] p = new java.util.Random(4).doubles(bins * frames).toArray();
        double[] mel = fb.apply(p, frames);
        double[][] w = fb.weights();
        for (int i = 0; i < 20; i++) {
            for (int t = 0; t < frames; t++) {
                double s = 0;
                for (int k = 0; k < bins; k++) s += w[i][k] * p[t * bins + k];
                assertEquals(s, mel[i * frames + t], 1e-12);
            }
        }
        assertTrue(w[0][0] == 0, "fmin 100 Hz excludes DC");
    }
}
