package ser.features;

import java.io.IOException;
import java.nio.file.Path;
import ser.features.dsp.Delta;
import ser.features.dsp.Mfcc;

/**
 * The frame-level feature matrix of a clip ({@link FrameParams}): librosa's MFCC or log-mel matrix [rows][T_clip],
 * with optional deltas stacked below, transposed to [T][C] row-major (element (t, c) at {@code t * C + c}), cut or
 * zero-padded to {@code p.frames()} rows. Uses the same per-thread pipeline as {@link Features}, so the MFCC rows
 * are exactly the ones the notebook averages.
 */
public final class FrameFeatures {

    private FrameFeatures() {
    }

    /** WAV file to [T][C] matrix; a clip with no samples after the offset is an {@link AudioFormatException}. */
    public static float[] matrix(Path wav, FrameParams p) throws IOException {
        float[] samples = Audio.load(wav, p.base());
        if (samples.length == 0) {
            throw new AudioFormatException(wav, "no audio after offset " + p.base().offset() + " s (the file is shorter)");
        }
        try {
            return matrix(samples, p);
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(wav, e.getMessage());
        }
    }

    // docs:begin frame-matrix
    /** Mono samples at the base sample rate to the [T][C] matrix, float32, T = p.frames(), C = p.channels(). */
    public static float[] matrix(float[] samples, FrameParams p) {
        if (samples.length == 0) throw new IllegalArgumentException("cannot compute features of 0 samples");
        Mfcc.Stages s = Features.pipeline(p.base()).stages(samples);
        int rows = p.coefficients();
        double[] stat = p.kind() == FrameParams.Kind.MFCC ? s.mfcc() : s.logMel();   // [rows][T_clip], band-major
        double[][] blocks = new double[1 + p.deltas()][];
        blocks[0] = stat;
        for (int order = 1; order <= p.deltas(); order++) {
            blocks[order] = new Delta(p.deltaWidth(), order).apply(stat, rows, s.frames());
        }
        int T = p.frames();
        int C = p.channels();
        float[] out = new float[T * C];                       // zero rows after the clip's last frame
        for (int t = 0; t < Math.min(T, s.frames()); t++) {
            for (int b = 0; b < blocks.length; b++) {
                for (int r = 0; r < rows; r++) {
                    out[t * C + b * rows + r] = (float) blocks[b][r * s.frames() + t];
                }
            }
        }
        return out;
    }
    // docs:end frame-matrix

    /**
     * Frames of a [T][C] matrix that came from the clip: T minus the trailing all-zero rows (padding). A real MFCC
     * or log-mel frame is never all zeros (c0 and the dB values sit far below 0), so this recovers the clip length
     * from the matrix alone.
     */
    public static int validFrames(float[] m, int frames, int channels) {
        for (int t = frames - 1; t >= 0; t--) {
            for (int c = 0; c < channels; c++) {
                if (m[t * channels + c] != 0f) {
                    return t + 1;
                }
            }
        }
        return 0;
    }
}
