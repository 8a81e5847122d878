package ser.features.dsp;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * {@code librosa.effects.time_stretch(y, rate)} (0.6.3): STFT (n_fft 2048, hop 512, Hann, centred with reflect
 * padding), phase vocoder, inverse STFT by weighted overlap-add, then cut or zero-pad to {@code round(len / rate)}.
 * rate &gt; 1 is faster (shorter), rate &lt; 1 slower; the pitch is kept.
 *
 * <p>Phase vocoder (Flanagan &amp; Golden; librosa's {@code phase_vocoder}): output frame t reads the input at
 * fractional frame {@code s = t * rate}; its magnitude interpolates linearly between frames floor(s) and floor(s)+1,
 * its phase accumulates each bin's measured phase advance between those two frames,
 * <pre>
 * dphase = angle(D[:, s+1]) - angle(D[:, s]) - phi_advance,   phi_advance[k] = pi * hop * k / (n_bins - 1)
 * dphase = dphase - 2 pi round(dphase / 2 pi)                 (principal value: the bin's frequency deviation)
 * phase_acc += phi_advance + dphase
 * </pre>
 * Inverse STFT: each frame's inverse real FFT times the window, overlap-added at hop spacing, divided by the
 * overlap-added squared window where that is non-negligible, and the n_fft/2 centring pad removed.
 *
 * <p>Computed in float64 throughout (librosa stores the STFT as complex64 by default; no fixture pins this stage, the
 * tests check its invariants instead). Not thread-safe: one instance per thread.
 */
public final class TimeStretch {
    private final int nFft, hop, nBins;
    private final double[] window;
    private final DoubleFFT_1D fft;
    private final double[] frame;

    /** librosa's defaults: n_fft 2048, hop 512. */
    public TimeStretch() {
        this(2048, 512);
    }

    public TimeStretch(int nFft, int hop) {
        this.nFft = nFft;
        this.hop = hop;
        this.nBins = nFft / 2 + 1;
        this.window = Stft.hannPeriodic(nFft);
        this.fft = new DoubleFFT_1D(nFft);
        this.frame = new double[nFft];
    }

    /** y stretched by {@code rate}; length {@code round(len(y) / rate)} (Python's round: half to even). */
    public double[] stretch(double[] y, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
        if (y.length == 0) throw new IllegalArgumentException("cannot time-stretch 0 samples");
        int frames = 1 + y.length / hop;
        double[][] re = new double[frames][], im = new double[frames][];
        stft(y, frames, re, im);
        int outFrames = (int) Math.ceil(frames / rate); // np.arange(0, frames, rate)
        double[][] sRe = new double[outFrames][nBins], sIm = new double[outFrames][nBins];
        phaseVocoder(re, im, rate, sRe, sIm);
        double[] out = istft(sRe, sIm);
        long target = Math.round(Math.rint(y.length / rate));
        double[] fixed = new double[(int) target];
        System.arraycopy(out, 0, fixed, 0, (int) Math.min(target, out.length));
        return fixed;
    }

    /** Complex STFT: re[t][k], im[t][k], k = 0..n_fft/2. */
    private void stft(double[] y, int frames, double[][] re, double[][] im) {
        for (int t = 0; t < frames; t++) {
            int start = t * hop - nFft / 2;
            for (int m = 0; m < nFft; m++) frame[m] = window[m] * y[Stft.reflect(start + m, y.length)];
            fft.realForward(frame);
            double[] r = new double[nBins], i = new double[nBins];
            r[0] = frame[0];
            r[nBins - 1] = frame[1];
            for (int k = 1; k < nBins - 1; k++) {
                r[k] = frame[2 * k];
                i[k] = frame[2 * k + 1];
            }
            re[t] = r;
            im[t] = i;
        }
    }

    private void phaseVocoder(double[][] re, double[][] im, double rate, double[][] outRe, double[][] outIm) {
        int frames = re.length;
        double[] phiAdvance = new double[nBins];
        for (int k = 0; k < nBins; k++) phiAdvance[k] = k == nBins - 1 ? Math.PI * hop : k * (Math.PI * hop / (nBins - 1));
        double[] phaseAcc = new double[nBins];
        for (int k = 0; k < nBins; k++) phaseAcc[k] = Math.atan2(im[0][k], re[0][k]);
        double[] zeros = new double[nBins];
        for (int t = 0; t < outRe.length; t++) {
            double step = t * rate;
            int s = (int) step;
            double alpha = step - s;
            // librosa pads D with two zero frames so that s + 1 may run past the end
            double[] r0 = s < frames ? re[s] : zeros, i0 = s < frames ? im[s] : zeros;
            double[] r1 = s + 1 < frames ? re[s + 1] : zeros, i1 = s + 1 < frames ? im[s + 1] : zeros;
            for (int k = 0; k < nBins; k++) {
                double mag = (1 - alpha) * Math.hypot(r0[k], i0[k]) + alpha * Math.hypot(r1[k], i1[k]);
                outRe[t][k] = mag * Math.cos(phaseAcc[k]);
                outIm[t][k] = mag * Math.sin(phaseAcc[k]);
                double dphase = Math.atan2(i1[k], r1[k]) - Math.atan2(i0[k], r0[k]) - phiAdvance[k];
                dphase -= 2 * Math.PI * Math.rint(dphase / (2 * Math.PI));
                phaseAcc[k] += phiAdvance[k] + dphase;
            }
        }
    }

    /** Weighted overlap-add inverse of {@link #stft}, centring pad removed: length n_fft/2... as librosa's istft. */
    private double[] istft(double[][] re, double[][] im) {
        int frames = re.length;
        int len = nFft + hop * (frames - 1);
        double[] y = new double[len];
        double[] wss = new double[len];
        for (int t = 0; t < frames; t++) {
            frame[0] = re[t][0];
            frame[1] = re[t][nBins - 1];
            for (int k = 1; k < nBins - 1; k++) {
                frame[2 * k] = re[t][k];
                frame[2 * k + 1] = im[t][k];
            }
            fft.realInverse(frame, true); // (1/N) sum X_k e^{+2 pi i k n / N}, real part
            int o = t * hop;
            for (int m = 0; m < nFft; m++) {
                y[o + m] += window[m] * frame[m];
                wss[o + m] += window[m] * window[m];
            }
        }
        double tiny = Double.MIN_NORMAL; // librosa: util.tiny(ifft_window_sum)
        for (int i = 0; i < len; i++) if (wss[i] > tiny) y[i] /= wss[i];
        int half = nFft / 2;
        double[] out = new double[Math.max(0, len - 2 * half)];
        System.arraycopy(y, half, out, 0, out.length);
        return out;
    }
}
