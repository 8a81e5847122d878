package ser.features;

import java.util.List;
import java.util.Locale;

/**
 * Mean and variance normalisation of [T][C] feature matrices, per channel, with a stated scope:
 * <pre>
 *   x'[t][c] = (x[t][c] - mean[c]) / std[c]        for the clip's own frames; padding rows stay 0
 *   mean[c]  = average of x[t][c] over every valid frame of every clip in the scope
 *   std[c]   = sqrt(average of (x[t][c] - mean[c])^2), floored at {@link #MIN_STD}
 * </pre>
 * Scopes:
 * <ul>
 *   <li>{@link Scope#SPEAKER}: the statistics of all clips of one speaker. At training time each training actor
 *       is normalised by its own clips; at test time each test actor by its own clips. This assumes the speaker is
 *       known and that a few clips of theirs are available unlabelled (an enrollment recording). It removes what
 *       is constant in a voice (vocal-tract length, recording channel) and keeps how each clip departs from it.</li>
 *   <li>{@link Scope#UTTERANCE}: the statistics of the clip itself: no speaker information, what a prediction on
 *       one file can always do. It also removes the clip's overall loudness and timbre, part of the emotion.</li>
 *   <li>{@link Scope#GLOBAL}: one set of statistics from all training clips, applied to everything.</li>
 * </ul>
 * Zero rows after a clip's last frame (see {@link FrameFeatures#validFrames}) neither enter the statistics nor
 * change: after normalisation 0 is the scope's mean, so padding reads as "average frame".
 */
public final class Normalisation {

    /** Floor of the standard deviation, so a constant channel is centred instead of blown up. */
    public static final double MIN_STD = 1e-3;

    /** Whose statistics normalise a clip. */
    public enum Scope {
        SPEAKER, UTTERANCE, GLOBAL, NONE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String s) {
            for (Scope v : values()) {
                if (v.id().equals(s.toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
            throw new IllegalArgumentException("normalisation must be speaker, utterance, global or none, got '" + s + "'");
        }
    }

    /** Per-channel mean and standard deviation (length C each). */
    public record Stats(float[] mean, float[] std) {
        public Stats {
            if (mean.length != std.length) {
                throw new IllegalArgumentException("mean has " + mean.length + " channels, std " + std.length);
            }
        }

        public int channels() {
            return mean.length;
        }
    }

    private Normalisation() {
    }

    // docs:begin normalisation-stats
    /** Statistics over the valid frames of every clip (each [T][C]); accumulated in double. */
    public static Stats stats(List<float[]> clips, int frames, int channels) {
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        long n = 0;
        for (float[] m : clips) {
            int valid = FrameFeatures.validFrames(m, frames, channels);
            for (int t = 0; t < valid; t++) {
                for (int c = 0; c < channels; c++) {
                    double v = m[t * channels + c];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
            n += valid;
        }
        if (n == 0) {
            throw new IllegalArgumentException("normalisation statistics need at least one non-empty clip");
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double mu = sum[c] / n;
            double var = Math.max(0, sq[c] / n - mu * mu);
            mean[c] = (float) mu;
            std[c] = (float) Math.max(MIN_STD, Math.sqrt(var));
        }
        return new Stats(mean, std);
    }

    /** A normalised copy of m [T][C]: valid frames become (x - mean) / std, padding rows stay 0. */
    public static float[] apply(float[] m, Stats s, int frames, int channels) {
        if (s.channels() != channels) {
            throw new IllegalArgumentException("normalisation statistics have " + s.channels()
                    + " channels but the features have " + channels);
        }
        int valid = FrameFeatures.validFrames(m, frames, channels);
        float[] out = new float[m.length];
        for (int t = 0; t < valid; t++) {
            for (int c = 0; c < channels; c++) {
                out[t * channels + c] = (m[t * channels + c] - s.mean()[c]) / s.std()[c];
            }
        }
        return out;
    }
    // docs:end normalisation-stats
}
