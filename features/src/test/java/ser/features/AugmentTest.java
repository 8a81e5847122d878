package ser.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentTest {
    static final int SR = 22050;

    static float[] tone(double f, int n, int sr) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / sr));
        return x;
    }

    /** Frequency from upward zero crossings (linearly interpolated) in [from, to). */
    static double frequency(float[] x, int from, int to, int sr) {
        double first = -1, last = -1;
        int count = 0;
        for (int i = Math.max(1, from); i < to; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (double) (x[i - 1] - x[i]);
                if (first < 0) first = t;
                else count++;
                last = t;
            }
        }
        return count * sr / (last - first);
    }

    static double energy(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) e += x[i] * (double) x[i];
        return e / (to - from);
    }

    @Test
    void everyAugmentationIsDeterministicPerSeed() {
        float[] x = tone(300, 8000, SR);
        for (int seed = 0; seed < 3; seed++) {
            Augment a = new Augment(seed), b = new Augment(seed);
            assertArrayEquals(a.noise(x), b.noise(x));
            assertArrayEquals(a.shift(x), b.shift(x));
            assertArrayEquals(a.pitchShift(x, SR), b.pitchShift(x, SR));
            assertArrayEquals(a.speedAndPitch(x), b.speedAndPitch(x));
            assertArrayEquals(a.dynamicChange(x), b.dynamicChange(x));
            assertArrayEquals(a.timeStretch(x, 0.8), b.timeStretch(x, 0.8));
        }
        assertFalse(Arrays.equals(new Augment(1).noise(x), new Augment(2).noise(x)), "different seeds, different noise");
    }

    @Test
    void lengthsAreKeptExceptByTimeStretch() {
        float[] x = tone(300, 10001, SR);
        Augment a = new Augment(5);
        assertEquals(x.length, a.noise(x).length);
        assertEquals(x.length, a.shift(x).length);
        assertEquals(x.length, a.pitchShift(x, SR).length);
        assertEquals(x.length, a.speedAndPitch(x).length);
        assertEquals(x.length, a.dynamicChange(x).length);
        assertEquals(Math.round(10001 / 0.8), a.timeStretch(x, 0.8).length);
        assertEquals(Math.rint(10001 / 1.5), a.timeStretch(x, 1.5).length);
    }

    @Test
    void noiseIsSmallAndZeroMean() {
        float[] x = tone(300, 50000, SR);
        for (int seed = 0; seed < 5; seed++) {
            float[] y = new Augment(seed).noise(x);
            double sum = 0, sq = 0;
            for (int i = 0; i < x.length; i++) {
                double d = y[i] - x[i];
                sum += d;
                sq += d * d;
            }
            double std = Math.sqrt(sq / x.length);
            assertTrue(std <= 0.005 * 0.5 * 1.02, "noise std " + std + " above 0.005 max|x|");
            assertEquals(0, sum / x.length, 5 * std / Math.sqrt(x.length) + 1e-12);
        }
    }

    @Test
    void shiftIsARollOfAtMost2500Samples() {
        float[] x = new float[10000];
        for (int i = 0; i < x.length; i++) x[i] = i;
        for (int seed = 0; seed < 20; seed++) {
            float[] y = new Augment(seed).shift(x);
            int s = Math.floorMod((int) y[0] == 0 ? 0 : x.length - (int) y[0], x.length);
            assertTrue(s <= 2500 || s >= x.length - 2500, "shift " + s);
            assertArrayEquals(Augment.roll(x, s), y);
        }
        assertArrayEquals(new float[] {3, 1, 2}, Augment.roll(new float[] {1, 2, 3}, 1), "np.roll([1,2,3], 1)");
        assertArrayEquals(new float[] {2, 3, 1}, Augment.roll(new float[] {1, 2, 3}, -1), "np.roll([1,2,3], -1)");
    }

    @Test
    void dynamicChangeScalesBetween1_5And3() {
        float[] x = tone(300, 1000, SR);
        for (int seed = 0; seed < 20; seed++) {
            float[] y = new Augment(seed).dynamicChange(x);
            double g = y[10] / x[10];
            assertTrue(g >= 1.5 && g <= 3, "gain " + g);
            for (int i = 0; i < x.length; i++) assertEquals(x[i] * g, y[i], 1e-6);
        }
    }

    /**
     * pitch_shift by n semitones multiplies the tone's frequency by 2^(n/12) and keeps its length. Its level is kept
     * when shifting down (stretch rate &gt; 1). Shifting up stretches with rate &lt; 1, and then librosa's phase vocoder
     * (reproduced here; a numpy transcription of librosa 0.6.3's phase_vocoder gives the same numbers) reuses some
     * frame pairs, so the phase jump between the reflect-padded first frame and the second is added twice and the bins
     * of a steady tone lose their phase relation for good: a 440 Hz tone keeps only 29% of its energy at any
     * rate &lt; 1. The test pins that behaviour with a loose band rather than pretending it is level-preserving.
     */
    @Test
    void pitchShiftMovesAToneByTheExpectedRatio() {
        float[] x = tone(440, SR, SR);
        for (double n : new double[] {1, 2, 3.7, -2, -1}) {
            float[] y = Augment.pitchShift(x, SR, n, 12);
            assertEquals(x.length, y.length);
            double expected = 440 * Math.pow(2, n / 12);
            double got = frequency(y, 3000, SR - 3000, SR);
            double energyRatio = energy(y, 3000, SR - 3000) / energy(x, 3000, SR - 3000);
            System.out.printf("pitch_shift %+.1f semitones: %.2f Hz (expected %.2f, error %.4f%%), energy ratio %.3f%n",
                    n, got, expected, 100 * Math.abs(got / expected - 1), energyRatio);
            assertEquals(expected, got, expected * 1e-3);
            if (n < 0) assertEquals(1.0, energyRatio, 0.02, "shifting down keeps the level");
            else assertTrue(energyRatio > 0.2 && energyRatio < 0.4, "librosa's rate < 1 phase-vocoder loss: " + energyRatio);
        }
    }

    @Test
    void timeStretchKeepsThePitch() {
        float[] x = tone(440, SR, SR);
        for (double rate : new double[] {0.8, 1.25}) {
            float[] y = new Augment(0).timeStretch(x, rate);
            double got = frequency(y, 3000, y.length - 3000, SR);
            System.out.printf("time_stretch rate %.2f: %d -> %d samples, %.2f Hz%n", rate, x.length, y.length, got);
            assertEquals(440, got, 440 * 2e-3);
        }
    }

    @Test
    void speedAndPitchRaisesByTheSpeedAndEndsInZeros() {
        float[] x = tone(400, SR, SR);
        float[] y = Augment.speedAndPitch(x, 1.25);
        int used = (int) Math.ceil(SR / 1.25);
        assertEquals(500, frequency(y, 100, used - 100, SR), 0.5);
        for (int i = used; i < y.length; i++) assertEquals(0f, y[i]);
        // np.interp at integer positions returns the samples themselves
        float[] same = Augment.speedAndPitch(x, 1.0);
        assertArrayEquals(x, same);
        // draws stay within 1 / U(0.8, 1): the non-zero part has between 0.8 n and n samples
        for (int seed = 0; seed < 10; seed++) {
            float[] z = new Augment(seed).speedAndPitch(x);
            int last = z.length - 1;
            while (last > 0 && z[last] == 0f) last--;
            assertTrue(last + 1 >= 0.8 * SR - 2 && last + 1 <= SR, "non-zero length " + (last + 1));
        }
    }
}
