package ser.features.dsp;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Power spectrogram as librosa 0.6.3 computes {@code np.abs(librosa.stft(y, n_fft, hop_length))**2}:
 * <ol>
 *   <li>centre the frames: pad {@code n_fft / 2} samples on each side by <b>reflection</b> (mirror without repeating
 *       the edge sample: {@code [a b c d]} padded by 2 is {@code [c b a b c d c b]});</li>
 *   <li>frame t is {@code padded[t * hop .. t * hop + n_fft)}, {@code T = 1 + len(y) / hop} frames;</li>
 *   <li>multiply by the periodic Hann window {@code w[n] = 0.5 - 0.5 cos(2 pi n / n_fft)};</li>
 *   <li>real FFT in float64, keep bins {@code 0..n_fft/2};</li>
 *   <li>for float32 input, round each bin to complex64 (librosa's default {@code dtype}) and take
 *       {@code |X|^2} in float32 the way numpy does (see {@link #powerF32}); for float64 input,
 *       {@code re^2 + im^2} in float64.</li>
 * </ol>
 *
 * <p>JTransforms' {@code DoubleFFT_1D.realForward(a)} works in place and packs the half spectrum of an even-length
 * real input into the same {@code n} doubles: {@code a[0] = Re X_0}, {@code a[1] = Re X_{n/2}} (both purely real),
 * and {@code a[2k] = Re X_k}, {@code a[2k+1] = Im X_k} for {@code 0 < k < n/2}; its sign convention is numpy's
 * ({@code X_k = sum x_n e^{-2 pi i k n / N}}).
 *
 * <p>Output layout: {@code power[t * nBins + k]}, frame-major, {@code nBins = n_fft / 2 + 1}. Not thread-safe: it owns
 * its FFT plan and scratch buffer; use one instance per thread.
 */
public final class Stft {
    private final int nFft, hop, nBins;
    private final double[] window;
    private final DoubleFFT_1D fft;
    private final double[] frame;
    private final float[] re32, im32, power32; // one frame's bins rounded to complex64, and their float32 power

    public Stft(int nFft, int hop) {
        if (nFft < 2 || nFft % 2 != 0) throw new IllegalArgumentException("nFft must be even and >= 2, got " + nFft);
        if (hop <= 0) throw new IllegalArgumentException("hop must be > 0, got " + hop);
        this.nFft = nFft;
        this.hop = hop;
        this.nBins = nFft / 2 + 1;
        this.window = hannPeriodic(nFft);
        this.fft = new DoubleFFT_1D(nFft);
        this.frame = new double[nFft];
        this.re32 = new float[nBins];
        this.im32 = new float[nBins];
        this.power32 = new float[nBins];
    }

    public int nFft() {
        return nFft;
    }

    public int hop() {
        return hop;
    }

    /** Frequency bins per frame, {@code n_fft / 2 + 1}. */
    public int bins() {
        return nBins;
    }

    /** Frames librosa gives for n samples with centring: {@code 1 + n / hop}. */
    public int frames(int n) {
        return 1 + n / hop;
    }

    /**
     * Periodic Hann window of length n (scipy's {@code get_window('hann', n, fftbins=True)}), computed as scipy does,
     * {@code 0.5 + 0.5 cos(-pi + 2 pi m / n)}, which equals {@code 0.5 - 0.5 cos(2 pi m / n)}.
     */
    public static double[] hannPeriodic(int n) {
        double[] w = new double[n];
        double step = 2 * Math.PI / n; // numpy linspace(-pi, pi, n + 1)
        for (int m = 0; m < n; m++) w[m] = 0.5 + 0.5 * Math.cos(m * step + -Math.PI);
        return w;
    }

    /** Power spectrogram of float32 samples with complex64 rounding, layout [T][nBins]. */
    // docs:begin stft-power
    public double[] power(float[] y) {
        if (y.length == 0) throw new IllegalArgumentException("cannot take the STFT of 0 samples");
        int frames = frames(y.length);
        double[] out = new double[frames * nBins];
        for (int t = 0; t < frames; t++) {
            int start = t * hop - nFft / 2;
            if (start >= 0 && start + nFft <= y.length) {
                for (int m = 0; m < nFft; m++) frame[m] = window[m] * y[start + m];
            } else {
                for (int m = 0; m < nFft; m++) frame[m] = window[m] * y[reflect(start + m, y.length)];
            }
            fft.realForward(frame);
            // unpack realForward's layout into complex64 bins, then |X|^2 in simple loops the JIT can vectorise
            re32[0] = (float) frame[0];
            im32[0] = 0f;
            re32[nBins - 1] = (float) frame[1];
            im32[nBins - 1] = 0f;
            for (int k = 1; k < nBins - 1; k++) {
                re32[k] = (float) frame[2 * k];
                im32[k] = (float) frame[2 * k + 1];
            }
            powerF32(re32, im32, power32);
            int o = t * nBins;
            for (int k = 0; k < nBins; k++) out[o + k] = power32[k];
        }
        return out;
    }
    // docs:end stft-power

    /** Power spectrogram of float64 samples computed in float64 throughout, layout [T][nBins]. */
    public double[] power(double[] y) {
        if (y.length == 0) throw new IllegalArgumentException("cannot take the STFT of 0 samples");
        int frames = frames(y.length);
        double[] out = new double[frames * nBins];
        for (int t = 0; t < frames; t++) {
            int start = t * hop - nFft / 2;
            for (int m = 0; m < nFft; m++) frame[m] = window[m] * y[reflect(start + m, y.length)];
            fft.realForward(frame);
            int o = t * nBins;
            out[o] = frame[0] * frame[0];
            out[o + nBins - 1] = frame[1] * frame[1];
            for (int k = 1; k < nBins - 1; k++) out[o + k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
        }
        return out;
    }

    /**
     * |re + i im|^2 after rounding to complex64, as numpy computes {@code np.abs(c64) ** 2}. numpy's float32 complex
     * absolute value (its AVX-512 loop, the one the fixtures were made with) is not a correctly rounded hypot but
     * {@code l * sqrtf(fmaf(q, q, 1))} with {@code l = max(|re|, |im|)}, {@code q = min(|re|, |im|) / l}, all in
     * float32; a correctly rounded hypot differs in the last bit for about a third of the bins and moves the mel
     * spectrogram by up to 3e-7 relative (measured), so the exact formula is kept.
     */
    // docs:begin complex64-power
    static double powerF32(double re, double im) {
        float r = Math.abs((float) re), i = Math.abs((float) im);
        float larger = Math.max(r, i), smaller = Math.min(r, i);
        if (larger == 0f) return 0.0;
        float q = smaller / larger;
        float magnitude = (float) Math.sqrt(Math.fma(q, q, 1f)) * larger; // sqrt of a float via double is exact-rounded
        return magnitude * magnitude; // float32 product, as numpy's ** 2
    }
    // docs:end complex64-power

    /** {@link #powerF32(double, double)} over arrays of complex64 parts: power[k] = |re[k] + i im[k]|^2. */
    static void powerF32(float[] re, float[] im, float[] power) {
        for (int k = 0; k < power.length; k++) {
            float r = Math.abs(re[k]), i = Math.abs(im[k]);
            float larger = Math.max(r, i), smaller = Math.min(r, i);
            float q = smaller / larger;
            float magnitude = (float) Math.sqrt(Math.fma(q, q, 1f)) * larger;
            power[k] = larger == 0f ? 0f : magnitude * magnitude;
        }
    }

    /**
     * Index into a signal of length n for position i of its reflect-padded extension (numpy {@code mode='reflect'}):
     * the signal mirrored about its first and last sample, repeated with period 2(n - 1) when the pad is longer.
     */
    // docs:begin reflect
    public static int reflect(int i, int n) {
        if (i >= 0 && i < n) return i;
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int r = Math.floorMod(i, period);
        return r < n ? r : period - r;
    }
    // docs:end reflect
}
