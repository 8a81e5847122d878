package ser.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import ser.features.dsp.Mfcc;

/**
 * The notebook's feature vector:
 * <pre>
 * X, sr = librosa.load(path, res_type='kaiser_fast', duration=3, sr=44100, offset=0.5)
 * feature = np.mean(librosa.feature.mfcc(y=X, sr=sr, n_mfcc=13), axis=0)
 * </pre>
 * then cut or zero-padded to {@code p.length()} values (the notebook builds a DataFrame of these rows and calls
 * {@code fillna(0)}, so a short clip's missing frames are 0). Thread-safe: each thread keeps its own FFT plans.
 */
public final class Features {
    private static final ThreadLocal<Map<FeatureParams, Mfcc>> PIPELINES = ThreadLocal.withInitial(HashMap::new);

    private Features() {
    }

    /** WAV file to feature vector. A clip with no samples after the offset is an {@link AudioFormatException}. */
    public static float[] vector(Path wav, FeatureParams p) throws IOException {
        float[] samples = Audio.load(wav, p);
        if (samples.length == 0) {
            throw new AudioFormatException(wav, "no audio after offset " + p.offset() + " s (the file is shorter)");
        }
        return vector(samples, p);
    }

    /** Mono samples at {@code p.sampleRate()} to feature vector of length {@code p.length()}. */
    public static float[] vector(float[] samples, FeatureParams p) {
        if (samples.length == 0) throw new IllegalArgumentException("cannot compute features of 0 samples");
        return fit(frameMeans(samples, p), p.length());
    }

    /** The per-frame means before padding, in float64: length {@code 1 + len(samples) / hop}. */
    public static double[] frameMeans(float[] samples, FeatureParams p) {
        Mfcc mfcc = pipeline(p);
        Mfcc.Stages s = mfcc.stages(samples);
        return Mfcc.frameMean(s.mfcc(), p.nMfcc(), s.frames());
    }

    /** The MFCC pipeline for {@code p}, one per thread. */
    public static Mfcc pipeline(FeatureParams p) {
        return PIPELINES.get().computeIfAbsent(p, Mfcc::new);
    }

    /** First {@code length} values of v as float32, zeros after its end. */
    static float[] fit(double[] v, int length) {
        float[] out = new float[length];
        for (int i = 0; i < Math.min(length, v.length); i++) out[i] = (float) v[i];
        return out;
    }
}
