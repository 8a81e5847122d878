package ser.features;

import java.util.SplittableRandom;

/**
 * SpecAugment-style masking of a [T][C] feature matrix (Park et al. 2019, without time warping): a few bands of
 * consecutive channels and a few runs of consecutive frames are set to 0, which after normalisation is the
 * speaker's average value. The network then cannot rely on any one band or moment.
 * <pre>
 *   repeat freqMasks times:  f ~ U[0, maxFreq],  f0 ~ U[0, C - f]     x[:, f0 : f0+f] = 0
 *   repeat timeMasks times:  w ~ U[0, maxTime],  t0 ~ U[0, T' - w]    x[t0 : t0+w, :] = 0   (T' = valid frames)
 * </pre>
 * With deltas stacked, a frequency mask over coefficients [f0, f0+f) is applied to the same coefficients of every
 * delta block, so a masked band is masked in all its views. Draws come from a seeded {@link SplittableRandom}: the
 * same seed gives the same masks.
 */
public record SpecAugment(int freqMasks, int maxFreq, int timeMasks, int maxTime) {

    public SpecAugment {
        if (freqMasks < 0 || maxFreq < 0 || timeMasks < 0 || maxTime < 0) {
            throw new IllegalArgumentException("SpecAugment counts and widths must be >= 0");
        }
    }

    /** No masking. */
    public static final SpecAugment NONE = new SpecAugment(0, 0, 0, 0);

    public boolean enabled() {
        return (freqMasks > 0 && maxFreq > 0) || (timeMasks > 0 && maxTime > 0);
    }

    // docs:begin spec-augment
    /**
     * Masks m [T][C] in place; {@code blocks} is 1 + the number of delta orders (C = blocks x coefficients).
     * Padding rows after the clip's valid frames are left as they are (0).
     */
    public void apply(float[] m, int frames, int channels, int blocks, SplittableRandom rng) {
        int coefficients = channels / blocks;
        for (int k = 0; k < freqMasks; k++) {
            int f = rng.nextInt(maxFreq + 1);
            f = Math.min(f, coefficients);
            int f0 = rng.nextInt(coefficients - f + 1);
            for (int t = 0; t < frames; t++) {
                for (int b = 0; b < blocks; b++) {
                    int o = t * channels + b * coefficients;
                    java.util.Arrays.fill(m, o + f0, o + f0 + f, 0f);
                }
            }
        }
        int valid = FrameFeatures.validFrames(m, frames, channels);
        for (int k = 0; k < timeMasks && valid > 0; k++) {
            int w = Math.min(rng.nextInt(maxTime + 1), valid);
            int t0 = rng.nextInt(valid - w + 1);
            java.util.Arrays.fill(m, t0 * channels, (t0 + w) * channels, 0f);
        }
    }
    // docs:end spec-augment
}
