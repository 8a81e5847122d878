package ser.features.dsp;

import ser.features.FeatureParams;

/**
 * librosa 0.6.3's {@code feature.mfcc(y, sr, n_mfcc)} as a chain of the stages in this package:
 * <pre>
 * P    = |STFT(y)|^2                      Stft           [T][n_fft/2 + 1]
 * mel  = W . P                            MelFilterbank  [n_mels][T]
 * db   = power_to_db(mel, top_db)         Decibels       [n_mels][T]
 * mfcc = DCT-II_ortho(db)[:n_mfcc]        Dct            [n_mfcc][T]
 * </pre>
 * Not thread-safe (FFT plans and scratch buffers): one instance per thread.
 */
public final class Mfcc {
    private final FeatureParams params;
    private final Stft stft;
    private final MelFilterbank mel;
    private final Dct dct;

    /** Uses nFft, hop, nMels, fmin, fmax, nMfcc, topDb and sampleRate of {@code p}. */
    public Mfcc(FeatureParams p) {
        this.params = p;
        this.stft = new Stft(p.nFft(), p.hop());
        this.mel = new MelFilterbank(p.sampleRate(), p.nFft(), p.nMels(), p.fmin(), p.fmaxHz());
        this.dct = new Dct(p.nMels(), p.nMfcc());
    }

    public FeatureParams params() {
        return params;
    }

    /**
     * Every stage's output for one signal; arrays are band-major [rows][frames].
     *
     * @param frames  T = 1 + len(y) / hop
     * @param melPower [nMels][T] mel power spectrogram
     * @param logMel   [nMels][T] in dB after the top_db floor
     * @param mfcc     [nMfcc][T]
     */
    public record Stages(int frames, double[] melPower, double[] logMel, double[] mfcc) {
    }

    /** librosa's float32 path: complex64 STFT, float32 power, float64 from the mel stage on. */
    public Stages stages(float[] y) {
        return fromPower(stft.power(y), stft.frames(y.length));
    }

    /** The same chain in float64 throughout ({@code dtype=np.float64}, {@code complex128}). */
    public Stages stages(double[] y) {
        return fromPower(stft.power(y), stft.frames(y.length));
    }

    /** [nMfcc][T] for float32 samples. */
    public double[] mfcc(float[] y) {
        return stages(y).mfcc();
    }

    // docs:begin mfcc-chain
    private Stages fromPower(double[] power, int frames) {
        double[] melPower = mel.apply(power, frames);
        double[] logMel = Decibels.powerToDb(melPower.clone(), params.topDb());
        double[] mfcc = dct.apply(logMel, frames);
        return new Stages(frames, melPower, logMel, mfcc);
    }
    // docs:end mfcc-chain

    /** {@code np.mean(mfcc, axis=0)}: the mean of the rows of a [rows][frames] matrix, per frame. */
    public static double[] frameMean(double[] m, int rows, int frames) {
        double[] mean = new double[frames];
        for (int t = 0; t < frames; t++) {
            double s = 0;
            for (int r = 0; r < rows; r++) s += m[r * frames + t];
            mean[t] = s / rows;
        }
        return mean;
    }
}
