package ser.features.dsp;

/**
 * librosa 0.6.3's {@code filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm=1)}: triangular filters equally
 * spaced on the Slaney mel scale, each scaled to unit area.
 *
 * <p>Slaney's scale is linear below 1 kHz and logarithmic above:
 * <pre>
 * mel(f) = f / (200/3)                              f &lt; 1000 Hz
 *        = 15 + ln(f / 1000) / (ln(6.4) / 27)       f &ge; 1000 Hz
 * </pre>
 * {@code n_mels + 2} edge frequencies {@code mel_f} are equally spaced in mel between mel(fmin) and mel(fmax); band
 * i rises from {@code mel_f[i]} to {@code mel_f[i+1]} and falls to {@code mel_f[i+2]}, evaluated at the FFT bin
 * frequencies {@code f_k = k * sr / n_fft}, and is multiplied by {@code 2 / (mel_f[i+2] - mel_f[i])} so that each
 * triangle has the same area (Slaney normalisation: a flat spectrum gives roughly equal band energies).
 *
 * <p>Weights are stored sparsely: band i is non-zero only for bins {@code [first[i], last[i])}.
 */
public final class MelFilterbank {
    private final int nMels, nBins;
    private final double[][] weights; // [nMels][nBins]
    private final int[] first, last;
    private final double[] melF;

    public MelFilterbank(double sampleRate, int nFft, int nMels, double fmin, double fmax) {
        if (nMels <= 0) throw new IllegalArgumentException("nMels must be > 0, got " + nMels);
        this.nMels = nMels;
        this.nBins = nFft / 2 + 1;
        this.melF = melFrequencies(nMels + 2, fmin, fmax);
        double[] fftFreqs = linspace(0, sampleRate / 2, nBins);
        weights = new double[nMels][nBins];
        first = new int[nMels];
        last = new int[nMels];
        // docs:begin mel-triangles
        for (int i = 0; i < nMels; i++) {
            double lowerWidth = melF[i + 1] - melF[i];
            double upperWidth = melF[i + 2] - melF[i + 1];
            double enorm = 2.0 / (melF[i + 2] - melF[i]);
            first[i] = nBins;
            for (int k = 0; k < nBins; k++) {
                double lower = -(melF[i] - fftFreqs[k]) / lowerWidth;   // librosa: -ramps[i] / fdiff[i]
                double upper = (melF[i + 2] - fftFreqs[k]) / upperWidth; // ramps[i+2] / fdiff[i+1]
                double w = Math.max(0, Math.min(lower, upper)) * enorm;
                weights[i][k] = w;
                if (w != 0) {
                    first[i] = Math.min(first[i], k);
                    last[i] = k + 1;
                }
            }
            if (first[i] > last[i]) first[i] = last[i]; // an empty band (too many mels for n_fft) stays all zero
        }
        // docs:end mel-triangles
    }

    public int nMels() {
        return nMels;
    }

    /** The dense filter matrix, [nMels][nFft/2 + 1] (a copy). */
    public double[][] weights() {
        double[][] copy = new double[nMels][];
        for (int i = 0; i < nMels; i++) copy[i] = weights[i].clone();
        return copy;
    }

    /** The band edges {@code mel_f} in Hz, length nMels + 2. */
    public double[] edgesHz() {
        return melF.clone();
    }

    /**
     * Mel power spectrogram {@code mel = W . P}.
     *
     * @param power  [frames][nBins] (layout of {@link Stft})
     * @return [nMels][frames], band-major like librosa's (n_mels, T)
     */
    public double[] apply(double[] power, int frames) {
        if (power.length != frames * nBins) {
            throw new IllegalArgumentException("power has " + power.length + " values, expected " + frames + " x " + nBins);
        }
        double[] mel = new double[nMels * frames];
        for (int t = 0; t < frames; t++) {
            int p = t * nBins;
            for (int i = 0; i < nMels; i++) {
                double[] w = weights[i];
                double s = 0;
                for (int k = first[i]; k < last[i]; k++) s += w[k] * power[p + k];
                mel[i * frames + t] = s;
            }
        }
        return mel;
    }

    /** Hz to Slaney mel. */
    // docs:begin slaney-scale
    public static double hzToMel(double f) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return f >= minLogHz ? minLogMel + Math.log(f / minLogHz) / logStep : f / fSp;
    }
    // docs:end slaney-scale

    /** Slaney mel to Hz. */
    public static double melToHz(double m) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return m >= minLogMel ? minLogHz * Math.exp(logStep * (m - minLogMel)) : fSp * m;
    }

    /** librosa.mel_frequencies(n, fmin, fmax, htk=False): n frequencies equally spaced in mel. */
    public static double[] melFrequencies(int n, double fmin, double fmax) {
        double[] mels = linspace(hzToMel(fmin), hzToMel(fmax), n);
        for (int i = 0; i < n; i++) mels[i] = melToHz(mels[i]);
        return mels;
    }

    /** numpy's linspace(start, stop, n) with its rounding: {@code start + i * step}, last value exactly stop. */
    static double[] linspace(double start, double stop, int n) {
        double[] v = new double[n];
        if (n == 1) {
            v[0] = start;
            return v;
        }
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) v[i] = i * step + start;
        v[n - 1] = stop;
        return v;
    }
}
