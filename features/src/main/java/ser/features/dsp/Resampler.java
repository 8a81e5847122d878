package ser.features.dsp;

import ser.features.ResType;

/**
 * Band-limited resampling exactly as {@code librosa.resample(y, sr_orig, sr_new, res_type)} does it with
 * resampy 0.2.x: the sinc interpolator of J. O. Smith (CCRMA), one filter tap per input sample under the wings.
 *
 * <p>With {@code ratio = sr_new / sr_orig} and the half window {@code h} of {@link ResampleFilter}:
 * <pre>
 * scale = min(1, ratio)                     (downsampling widens the filter by 1/ratio ...
 * win   = ratio &lt; 1 ? h * ratio : h      ... and lowers its gain by ratio)
 * delta[j] = win[j+1] - win[j], delta[last] = 0        (linear interpolation between table entries)
 * step  = int(scale * 512)                  (table entries per input sample)
 * tr    = 0; after each output tr += 1 / ratio   (accumulated, not t / ratio: the rounding drift matters)
 * y[t]  = sum over the left wing  i = 0..: weight(scale * frac(tr))         * x[n - i]
 *       + sum over the right wing k = 0..: weight(scale * (1 - frac(tr)))   * x[n + 1 + k]      n = int(tr)
 * weight(f) at tap i: idx = f * 512, off = int(idx), eta = idx - off, w = win[off + i step] + eta * delta[off + i step]
 * </pre>
 * resampy returns {@code int(N * ratio)} samples; librosa zero-pads that to {@code ceil(N * ratio)}.
 *
 * <p>Rounding: the accumulator has the input's type. For float32 input each {@code y += w * x} is computed in
 * float64 and rounded back to float32, left wing first (i ascending) then right wing (k ascending); repeating this
 * order makes the output bit-identical to librosa's (tested on the fixtures).
 */
public final class Resampler {

    private Resampler() {
    }

    /** Output length librosa gives: {@code ceil(n * sr_new / sr_orig)}. */
    public static int librosaLength(int n, double srOrig, double srNew) {
        return (int) Math.ceil(n * (srNew / srOrig));
    }

    /**
     * librosa.resample on float32 samples (float32 accumulator). Returns {@code x} itself when the rates are equal.
     *
     * @throws IllegalArgumentException when a rate is not positive or the input is too short to give one sample
     */
    public static float[] resample(float[] x, int srOrig, int srNew, ResType type) {
        if (srOrig == srNew) return x;
        Plan p = new Plan(x.length, srOrig, srNew, type);
        float[] y = new float[librosaLength(x.length, srOrig, srNew)];
        double[] win = p.win, delta = p.delta;
        int step = p.step, nwin = win.length, nOrig = x.length;
        double tr = 0;
        for (int t = 0; t < p.nOut; t++) {
            int n = (int) tr;
            float acc = 0f;
            double frac = p.scale * (tr - n);
            double idx = frac * ResType.PRECISION;
            int off = (int) idx;
            double eta = idx - off;
            int iMax = Math.min(n + 1, (nwin - off) / step);
            for (int i = 0, j = off; i < iMax; i++, j += step) {
                acc = (float) (acc + (win[j] + eta * delta[j]) * x[n - i]);
            }
            frac = p.scale - frac;
            idx = frac * ResType.PRECISION;
            off = (int) idx;
            eta = idx - off;
            int kMax = Math.min(nOrig - n - 1, (nwin - off) / step);
            for (int k = 0, j = off; k < kMax; k++, j += step) {
                acc = (float) (acc + (win[j] + eta * delta[j]) * x[n + k + 1]);
            }
            y[t] = acc;
            tr += p.timeIncrement;
        }
        return y;
    }

    /** librosa.resample on float64 samples (float64 accumulator). Returns {@code x} itself when the rates are equal. */
    public static double[] resample(double[] x, int srOrig, int srNew, ResType type) {
        return resample(x, (double) srOrig, (double) srNew, type);
    }

    /**
     * As {@link #resample(double[], int, int, ResType)} for rates that need not be integers (librosa's pitch_shift
     * resamples from {@code sr / rate}); {@code ratio = srNew / srOrig} as Python computes it.
     */
    public static double[] resample(double[] x, double srOrig, double srNew, ResType type) {
        if (srOrig == srNew) return x;
        Plan p = new Plan(x.length, srOrig, srNew, type);
        double[] y = new double[librosaLength(x.length, srOrig, srNew)];
        double[] win = p.win, delta = p.delta;
        int step = p.step, nwin = win.length, nOrig = x.length;
        double tr = 0;
        for (int t = 0; t < p.nOut; t++) {
            int n = (int) tr;
            double acc = 0;
            double frac = p.scale * (tr - n);
            double idx = frac * ResType.PRECISION;
            int off = (int) idx;
            double eta = idx - off;
            int iMax = Math.min(n + 1, (nwin - off) / step);
            for (int i = 0, j = off; i < iMax; i++, j += step) acc += (win[j] + eta * delta[j]) * x[n - i];
            frac = p.scale - frac;
            idx = frac * ResType.PRECISION;
            off = (int) idx;
            eta = idx - off;
            int kMax = Math.min(nOrig - n - 1, (nwin - off) / step);
            for (int k = 0, j = off; k < kMax; k++, j += step) acc += (win[j] + eta * delta[j]) * x[n + k + 1];
            y[t] = acc;
            tr += p.timeIncrement;
        }
        return y;
    }

    /** Everything that depends on the rates, not on the samples. */
    private static final class Plan {
        final double scale, timeIncrement;
        final int step, nOut;
        final double[] win, delta;

        Plan(int n, double srOrig, double srNew, ResType type) {
            if (!(srOrig > 0) || !(srNew > 0) || Double.isInfinite(srOrig) || Double.isInfinite(srNew)) throw new IllegalArgumentException("sample rates must be > 0, got " + srOrig + " -> " + srNew);
            double ratio = srNew / srOrig;
            long out = (long) (n * ratio);
            if (out < 1) {
                throw new IllegalArgumentException("input of " + n + " samples is too short to resample " + srOrig + " -> " + srNew + " Hz");
            }
            if (Math.ceil(n * ratio) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("resampling " + n + " samples " + srOrig + " -> " + srNew + " Hz gives too many samples for one array");
            }
            nOut = (int) out;
            scale = Math.min(1.0, ratio);
            timeIncrement = 1.0 / ratio;
            step = (int) (scale * ResType.PRECISION);
            double[] h = ResampleFilter.table(type);
            win = new double[h.length];
            for (int j = 0; j < h.length; j++) win[j] = ratio < 1 ? h[j] * ratio : h[j];
            delta = new double[h.length];
            for (int j = 0; j + 1 < h.length; j++) delta[j] = win[j + 1] - win[j];
        }
    }
}
