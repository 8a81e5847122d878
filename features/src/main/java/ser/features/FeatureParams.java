package ser.features;

import java.util.Locale;

/**
 * Every parameter of the notebook's feature extraction, with librosa 0.6.3's names and the notebook's values in
 * {@link #NOTEBOOK}:
 * <pre>
 * X, sr = librosa.load(path, res_type='kaiser_fast', duration=3, sr=44100, offset=0.5)
 * feature = np.mean(librosa.feature.mfcc(y=X, sr=sr, n_mfcc=13), axis=0)   # then fillna(0) to 259 columns
 * </pre>
 *
 * @param sampleRate target rate in Hz ({@code sr}); the file is resampled to it
 * @param offset     seconds skipped at the start ({@code offset})
 * @param duration   seconds read after the offset ({@code duration}); {@code Double.POSITIVE_INFINITY} reads to the end
 * @param resType    resampling filter ({@code res_type})
 * @param nFft       FFT length and window length ({@code n_fft})
 * @param hop        samples between frames ({@code hop_length})
 * @param nMels      mel bands ({@code n_mels})
 * @param fmin       lowest mel band edge in Hz
 * @param fmax       highest mel band edge in Hz; {@code NaN} means sr/2 (librosa's {@code fmax=None})
 * @param nMfcc      cepstral coefficients kept ({@code n_mfcc})
 * @param topDb      dynamic range kept below the clip's loudest mel cell, in dB ({@code top_db})
 * @param length     length of the final vector: frames beyond it are cut, missing ones are 0 (the notebook's fillna(0))
 */
public record FeatureParams(int sampleRate, double offset, double duration, ResType resType, int nFft, int hop,
                            int nMels, double fmin, double fmax, int nMfcc, double topDb, int length) {

    /** The notebook's values. */
    public static final FeatureParams NOTEBOOK =
            new FeatureParams(44100, 0.5, 3.0, ResType.KAISER_FAST, 2048, 512, 128, 0.0, Double.NaN, 13, 80.0, 259);

    public FeatureParams {
        if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be > 0, got " + sampleRate);
        if (!(offset >= 0) || Double.isInfinite(offset)) throw new IllegalArgumentException("offset must be finite and >= 0, got " + offset);
        if (!(duration > 0)) throw new IllegalArgumentException("duration must be > 0, got " + duration);
        if (resType == null) throw new IllegalArgumentException("resType must not be null");
        if (nFft < 2 || nFft % 2 != 0) throw new IllegalArgumentException("nFft must be even and >= 2, got " + nFft);
        if (hop <= 0) throw new IllegalArgumentException("hop must be > 0, got " + hop);
        if (nMels <= 0) throw new IllegalArgumentException("nMels must be > 0, got " + nMels);
        if (!(fmin >= 0)) throw new IllegalArgumentException("fmin must be >= 0, got " + fmin);
        if (!Double.isNaN(fmax) && !(fmax > fmin)) throw new IllegalArgumentException("fmax must be > fmin or NaN (sr/2), got " + fmax);
        if (nMfcc <= 0 || nMfcc > nMels) throw new IllegalArgumentException("nMfcc must be in 1.." + nMels + ", got " + nMfcc);
        if (!(topDb >= 0)) throw new IllegalArgumentException("topDb must be >= 0 (use POSITIVE_INFINITY for none), got " + topDb);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
    }

    /** The upper mel edge in Hz: {@link #fmax} or sr/2 when it is NaN. */
    public double fmaxHz() {
        return Double.isNaN(fmax) ? sampleRate / 2.0 : fmax;
    }

    /** A stable text of every value, e.g. for a feature cache key. */
    public String key() {
        return String.format(Locale.ROOT,
                "sr=%d,offset=%s,duration=%s,res_type=%s,n_fft=%d,hop=%d,n_mels=%d,fmin=%s,fmax=%s,n_mfcc=%d,top_db=%s,length=%d",
                sampleRate, offset, duration, resType.librosaName(), nFft, hop, nMels, fmin,
                Double.isNaN(fmax) ? "sr/2" : Double.toString(fmax), nMfcc, topDb, length);
    }

    public FeatureParams withSampleRate(int sr) {
        return new FeatureParams(sr, offset, duration, resType, nFft, hop, nMels, fmin, fmax, nMfcc, topDb, length);
    }

    public FeatureParams withWindow(double offsetSeconds, double durationSeconds) {
        return new FeatureParams(sampleRate, offsetSeconds, durationSeconds, resType, nFft, hop, nMels, fmin, fmax, nMfcc, topDb, length);
    }

    public FeatureParams withResType(ResType type) {
        return new FeatureParams(sampleRate, offset, duration, type, nFft, hop, nMels, fmin, fmax, nMfcc, topDb, length);
    }

    public FeatureParams withLength(int frames) {
        return new FeatureParams(sampleRate, offset, duration, resType, nFft, hop, nMels, fmin, fmax, nMfcc, topDb, frames);
    }
}
