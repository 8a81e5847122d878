package ser.features;

import java.io.IOException;
import java.nio.file.Path;
import ser.features.dsp.Resampler;

/**
 * Speed perturbation (Ko et al., Interspeech 2015; Kaldi's "sox speed"): a recording played f times faster, so
 * both tempo and pitch rise by f. The window the model hears stays {@code duration} seconds long and starts at
 * the same {@code offset}; it covers {@code f * duration} seconds of the original:
 * <pre>
 *   x   = the file's samples in [offset, offset + f * duration), at its own rate sr_file
 *   y   = resample(x, from round(f * sr_file), to sr)      (x read as if recorded at f * sr_file)
 * </pre>
 * so y has about {@code duration * sr} samples and every frequency of x is multiplied by f. The recipe extracts
 * each training clip once per factor (cached) and draws one of the versions per clip and epoch; validation and
 * test clips are never perturbed.
 */
public final class SpeedPerturbation {

    private SpeedPerturbation() {
    }

    /** The factor's samples at p.sampleRate(): the window the model hears, played f times faster. */
    public static float[] samples(Path wav, FeatureParams p, double f) throws IOException {
        if (!(f >= 0.5 && f <= 2)) {
            throw new IllegalArgumentException("speed factor must be in [0.5, 2], got " + f);
        }
        Audio.Clip clip = Audio.loadNative(wav, p.offset(), p.duration() * f);
        if (clip.samples().length == 0) {
            return clip.samples();
        }
        int from = (int) Math.round(f * clip.sampleRate());
        if (from == p.sampleRate()) {
            return clip.samples();
        }
        try {
            return Resampler.resample(clip.samples(), from, p.sampleRate(), p.resType());
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(wav, e.getMessage());
        }
    }

    /** The [T][C] matrix of the recording played f times faster. */
    public static float[] matrix(Path wav, FrameParams p, double f) throws IOException {
        float[] s = samples(wav, p.base(), f);
        if (s.length == 0) {
            throw new AudioFormatException(wav, "no audio after offset " + p.base().offset() + " s (the file is shorter)");
        }
        try {
            return FrameFeatures.matrix(s, p);
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(wav, e.getMessage());
        }
    }

    /** The cache key suffix of a factor, so perturbed and original matrices never collide. */
    public static String key(double f) {
        return f == 1 ? "" : String.format(java.util.Locale.ROOT, ",speed=%.4f", f);
    }
}
