package ser.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ser.features.Compare;
import ser.features.Fixtures;
import ser.features.ResType;

/** resampy 0.2.2 through librosa 0.6.3's resample, bit for bit. */
class ResamplerTest {

    @Test
    void synthFloat32IsBitExact() {
        float[] x = Fixtures.f32("synth48k.input");
        float[] ref = Fixtures.f32("synth48k.resampled44k_f32");
        float[] y = Resampler.resample(x, 48000, 44100, ResType.KAISER_FAST);
        int diff = Compare.bitDifferences(y, ref);
        System.out.printf("resampler synth f32: %d of %d samples differ in bits, max|diff| = %.3g%n", diff, ref.length,
                Compare.maxAbs(y, toDouble(ref)));
        assertEquals(0, diff);
    }

    @Test
    void synthFloat64IsBitExact() {
        double[] x = toDouble(Fixtures.f32("synth48k.input"));
        double[] ref = Fixtures.f64("synth48k.resampled44k_f64");
        double[] y = Resampler.resample(x, 48000, 44100, ResType.KAISER_FAST);
        int diff = Compare.bitDifferences(y, ref);
        System.out.printf("resampler synth f64: %d of %d samples differ in bits, max|diff| = %.3g%n", diff, ref.length, Compare.maxAbs(y, ref));
        assertEquals(0, diff);
    }

    @Test
    void oddLengthIsZeroPaddedToCeil() {
        double[] all = toDouble(Fixtures.f32("synth48k.input"));
        double[] x = java.util.Arrays.copyOf(all, 11999);
        double[] ref = Fixtures.f64("synth48k.first11999.resampled44k_f64");
        double[] y = Resampler.resample(x, 48000, 44100, ResType.KAISER_FAST);
        assertEquals(11025, y.length, "ceil(11999 * 0.91875)");
        assertEquals(0.0, y[11024], "resampy gives int(11999 * 0.91875) = 11024 samples, librosa pads one zero");
        int diff = Compare.bitDifferences(y, ref);
        System.out.printf("resampler synth f64 first 11999: %d of %d differ in bits%n", diff, ref.length);
        assertEquals(0, diff);
    }

    @Test
    void ravdessWindowsResampleBitExactly() {
        int total = 0;
        for (String f : Fixtures.FILES) {
            float[] nativeWindow = Fixtures.f32(f + ".native");
            float[] ref = Fixtures.f32(f + ".load44k");
            float[] y = Resampler.resample(nativeWindow, 48000, 44100, ResType.KAISER_FAST);
            int diff = Compare.bitDifferences(y, ref);
            total += diff;
            System.out.printf("load44k %s: %d samples, %d differ in bits, max|diff| = %.3g%n", f, ref.length, diff, Compare.maxAbs(y, toDouble(ref)));
        }
        assertEquals(0, total, "samples differing from librosa's load44k over the 8 files");
    }

    /** The 4-lane loop is the reference loop, bit for bit, for many rate pairs, lengths and both filters. */
    @Test
    void fastLoopEqualsReferenceLoop() {
        java.util.Random r = new java.util.Random(11);
        int[][] pairs = {{48000, 44100}, {44100, 48000}, {22050, 16000}, {8000, 44100}, {16000, 16001}, {44100, 8000}, {3, 7}, {7, 3}};
        int checked = 0;
        for (ResType type : ResType.values()) {
            for (int[] pr : pairs) {
                for (int n : new int[] {5, 17, 100, 1001, 4099}) {
                    if ((long) (n * ((double) pr[1] / pr[0])) < 1) continue;
                    float[] x = new float[n];
                    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
                    float[] fast = Resampler.resample(x, pr[0], pr[1], type), ref = Resampler.resampleReference(x, pr[0], pr[1], type);
                    assertEquals(0, Compare.bitDifferences(fast, ref), type + " " + pr[0] + "->" + pr[1] + " n=" + n);
                    checked++;
                }
            }
        }
        System.out.println("resampler fast loop == reference loop on " + checked + " cases");
    }

    @Test
    void equalRatesReturnTheInput() {
        float[] x = {1, 2, 3};
        assertTrue(x == Resampler.resample(x, 8000, 8000, ResType.KAISER_BEST));
    }

    @Test
    void tooShortInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[1], 48000, 44100, ResType.KAISER_FAST));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 0, 44100, ResType.KAISER_FAST));
    }

    /** Any rate pair: a tone well inside both bands keeps its amplitude and frequency (independent of librosa). */
    @Test
    void toneSurvivesAnyRatePair() {
        int[][] pairs = {{48000, 44100}, {44100, 48000}, {22050, 16000}, {8000, 44100}, {16000, 16001}, {44100, 22050}};
        for (ResType type : ResType.values()) {
            for (int[] pr : pairs) {
                int srIn = pr[0], srOut = pr[1];
                double f = 440.0;
                int n = srIn; // 1 s
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * f * i / srIn);
                double[] y = Resampler.resample(x, srIn, srOut, type);
                assertEquals(Resampler.librosaLength(n, srIn, srOut), y.length);
                double worst = 0;
                // away from the edges (filter half-length), y must be the same sine sampled at srOut
                int margin = srOut / 10;
                for (int t = margin; t < y.length - margin; t++) {
                    worst = Math.max(worst, Math.abs(y[t] - Math.sin(2 * Math.PI * f * t / srOut)));
                }
                // resampy steps through the table by int(scale * 512) entries per input sample, not scale * 512: the
                // filter is sampled slightly too densely, which raises the gain by (512 scale - step) / step.
                double scale = Math.min(1.0, (double) srOut / srIn);
                int step = (int) (scale * 512);
                double bound = (512 * scale - step) / step + 2e-4;
                System.out.printf("%s %d -> %d: 440 Hz tone max error %.2e (bound %.2e)%n", type.librosaName(), srIn, srOut, worst, bound);
                assertTrue(worst < bound, type + " " + srIn + "->" + srOut + ": " + worst);
            }
        }
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
