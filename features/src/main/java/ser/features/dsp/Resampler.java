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
     * <p>Each output is a serial chain of float32 roundings (float64 multiply-add, round, repeat), so a single
     * output cannot be vectorised without changing its bits. Instead four consecutive outputs are computed side by
     * side, each in its own accumulator and in exactly the order of {@link #resampleReference}: four independent
     * chains keep the CPU busy while each waits for its rounding (bit-identical, tested; the speed-up is in
     * docs/benchmarks.md).
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
        int t = 0;
        for (; t + 4 <= p.nOut; t += 4) {
            double tr0 = tr, tr1 = tr0 + p.timeIncrement, tr2 = tr1 + p.timeIncrement, tr3 = tr2 + p.timeIncrement;
            tr = tr3 + p.timeIncrement;
            int n0 = (int) tr0, n1 = (int) tr1, n2 = (int) tr2, n3 = (int) tr3;
            double f0 = p.scale * (tr0 - n0), f1 = p.scale * (tr1 - n1), f2 = p.scale * (tr2 - n2), f3 = p.scale * (tr3 - n3);
            // left wings
            double i0 = f0 * ResType.PRECISION, i1 = f1 * ResType.PRECISION, i2 = f2 * ResType.PRECISION, i3 = f3 * ResType.PRECISION;
            int o0 = (int) i0, o1 = (int) i1, o2 = (int) i2, o3 = (int) i3;
            double e0 = i0 - o0, e1 = i1 - o1, e2 = i2 - o2, e3 = i3 - o3;
            int m0 = Math.min(n0 + 1, (nwin - o0) / step), m1 = Math.min(n1 + 1, (nwin - o1) / step);
            int m2 = Math.min(n2 + 1, (nwin - o2) / step), m3 = Math.min(n3 + 1, (nwin - o3) / step);
            int common = Math.min(Math.min(m0, m1), Math.min(m2, m3));
            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (int i = 0; i < common; i++) {
                int d = i * step;
                a0 = (float) (a0 + (win[o0 + d] + e0 * delta[o0 + d]) * x[n0 - i]);
                a1 = (float) (a1 + (win[o1 + d] + e1 * delta[o1 + d]) * x[n1 - i]);
                a2 = (float) (a2 + (win[o2 + d] + e2 * delta[o2 + d]) * x[n2 - i]);
                a3 = (float) (a3 + (win[o3 + d] + e3 * delta[o3 + d]) * x[n3 - i]);
            }
            a0 = leftTail(a0, x, win, delta, step, n0, o0, e0, common, m0);
            a1 = leftTail(a1, x, win, delta, step, n1, o1, e1, common, m1);
            a2 = leftTail(a2, x, win, delta, step, n2, o2, e2, common, m2);
            a3 = leftTail(a3, x, win, delta, step, n3, o3, e3, common, m3);
            // right wings
            i0 = (p.scale - f0) * ResType.PRECISION;
            i1 = (p.scale - f1) * ResType.PRECISION;
            i2 = (p.scale - f2) * ResType.PRECISION;
            i3 = (p.scale - f3) * ResType.PRECISION;
            o0 = (int) i0;
            o1 = (int) i1;
            o2 = (int) i2;
            o3 = (int) i3;
            e0 = i0 - o0;
            e1 = i1 - o1;
            e2 = i2 - o2;
            e3 = i3 - o3;
            m0 = Math.min(nOrig - n0 - 1, (nwin - o0) / step);
            m1 = Math.min(nOrig - n1 - 1, (nwin - o1) / step);
            m2 = Math.min(nOrig - n2 - 1, (nwin - o2) / step);
            m3 = Math.min(nOrig - n3 - 1, (nwin - o3) / step);
            common = Math.max(0, Math.min(Math.min(m0, m1), Math.min(m2, m3)));
            for (int k = 0; k < common; k++) {
                int d = k * step;
                a0 = (float) (a0 + (win[o0 + d] + e0 * delta[o0 + d]) * x[n0 + k + 1]);
                a1 = (float) (a1 + (win[o1 + d] + e1 * delta[o1 + d]) * x[n1 + k + 1]);
                a2 = (float) (a2 + (win[o2 + d] + e2 * delta[o2 + d]) * x[n2 + k + 1]);
                a3 = (float) (a3 + (win[o3 + d] + e3 * delta[o3 + d]) * x[n3 + k + 1]);
            }
            y[t] = rightTail(a0, x, win, delta, step, n0, o0, e0, common, m0);
            y[t + 1] = rightTail(a1, x, win, delta, step, n1, o1, e1, common, m1);
            y[t + 2] = rightTail(a2, x, win, delta, step, n2, o2, e2, common, m2);
            y[t + 3] = rightTail(a3, x, win, delta, step, n3, o3, e3, common, m3);
        }
        for (; t < p.nOut; t++) {
            y[t] = output(x, p, tr);
            tr += p.timeIncrement;
        }
        return y;
    }

    /** Left-wing taps i = from..to-1 of one output. */
    private static float leftTail(float acc, float[] x, double[] win, double[] delta, int step, int n, int off, double eta, int from, int to) {
        for (int i = from, j = off + from * step; i < to; i++, j += step) acc = (float) (acc + (win[j] + eta * delta[j]) * x[n - i]);
        return acc;
    }

    /** Right-wing taps k = from..to-1 of one output. */
    private static float rightTail(float acc, float[] x, double[] win, double[] delta, int step, int n, int off, double eta, int from, int to) {
        for (int k = from, j = off + from * step; k < to; k++, j += step) acc = (float) (acc + (win[j] + eta * delta[j]) * x[n + k + 1]);
        return acc;
    }

    /** One output sample at time register {@code tr}, float32 accumulator: the formula of the class comment. */
    // docs:begin resample-output
    private static float output(float[] x, Plan p, double tr) {
        double[] win = p.win, delta = p.delta;
        int step = p.step, nwin = win.length;
        int n = (int) tr;
        float acc = 0f;
        double frac = p.scale * (tr - n);
        double idx = frac * ResType.PRECISION;
        int off = (int) idx;
        double eta = idx - off;
        int iMax = Math.min(n + 1, (nwin - off) / step);
        for (int i = 0, j = off; i < iMax; i++, j += step) acc = (float) (acc + (win[j] + eta * delta[j]) * x[n - i]);
        frac = p.scale - frac;
        idx = frac * ResType.PRECISION;
        off = (int) idx;
        eta = idx - off;
        int kMax = Math.min(x.length - n - 1, (nwin - off) / step);
        for (int k = 0, j = off; k < kMax; k++, j += step) acc = (float) (acc + (win[j] + eta * delta[j]) * x[n + k + 1]);
        return acc;
    }
    // docs:end resample-output

    /** The plain one-output-at-a-time loop that {@link #resample(float[], int, int, ResType)} must match bit for bit. */
    public static float[] resampleReference(float[] x, int srOrig, int srNew, ResType type) {
        if (srOrig == srNew) return x;
        Plan p = new Plan(x.length, srOrig, srNew, type);
        float[] y = new float[librosaLength(x.length, srOrig, srNew)];
        double tr = 0;
        for (int t = 0; t < p.nOut; t++) {
            y[t] = output(x, p, tr);
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
