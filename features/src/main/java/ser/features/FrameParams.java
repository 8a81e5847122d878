package ser.features;

import java.util.Locale;

/**
 * Frame-level features, beside the notebook's one-value-per-frame vector: a clip becomes a matrix of
 * {@link #frames()} rows (time) by {@link #channels()} columns, the engine's [T, C] per-sample layout.
 * <pre>
 *   MFCC:    librosa.feature.mfcc(y, sr, n_mfcc)                  [n_mfcc][T]  (13..40 coefficients)
 *   LOG_MEL: librosa.power_to_db(melspectrogram(y, sr, n_mels))   [n_mels][T]  (40..128 bands, top_db floor)
 *   deltas 1: stack [static; delta(static)];  deltas 2: [static; delta; delta(order=2)]   (librosa.feature.delta,
 *             width {@link #deltaWidth}, mode 'interp')
 * </pre>
 * then transposed to [T][C] and cut or zero-padded to {@code base.length()} frames, as the notebook pads its vector.
 * Everything else (sample rate, offset, duration, resampler, n_fft, hop, fmin, fmax, top_db) comes from
 * {@link #base}, so {@code FrameParams.mfcc(FeatureParams.NOTEBOOK, 0)} is the notebook's 13 x 259 matrix before its
 * mean over coefficients.
 *
 * @param base        the notebook-style parameters; nMfcc and nMels choose the coefficient or band count
 * @param kind        MFCC or LOG_MEL
 * @param deltas      0, 1 or 2: how many delta orders are stacked after the static coefficients
 * @param deltaWidth  frames of the Savitzky-Golay window (librosa's width, default 9)
 */
public record FrameParams(FeatureParams base, Kind kind, int deltas, int deltaWidth) {

    /** What each frame holds. */
    public enum Kind {
        MFCC, LOG_MEL;

        /** "mfcc" or "logmel", the command-line and model.json spelling. */
        public String id() {
            return this == MFCC ? "mfcc" : "logmel";
        }

        public static Kind parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "mfcc" -> MFCC;
                case "logmel", "log-mel" -> LOG_MEL;
                default -> throw new IllegalArgumentException("feature kind must be mfcc or logmel, got '" + s + "'");
            };
        }
    }

    public FrameParams {
        if (base == null || kind == null) throw new IllegalArgumentException("base and kind must not be null");
        if (deltas < 0 || deltas > 2) throw new IllegalArgumentException("deltas must be 0, 1 or 2, got " + deltas);
        if (deltaWidth < 3 || deltaWidth % 2 != 1) throw new IllegalArgumentException("deltaWidth must be odd and >= 3, got " + deltaWidth);
        if (base.length() < 1) throw new IllegalArgumentException("base.length() (frames) must be >= 1");
        if (kind == Kind.MFCC && (base.nMfcc() < 13 || base.nMfcc() > 40)) {
            throw new IllegalArgumentException("MFCC matrix: n_mfcc must be in 13..40, got " + base.nMfcc());
        }
        if (kind == Kind.LOG_MEL && (base.nMels() < 40 || base.nMels() > 128)) {
            throw new IllegalArgumentException("log-mel matrix: n_mels must be in 40..128, got " + base.nMels());
        }
    }

    /** The MFCC matrix of {@code base} (its nMfcc) with {@code deltas} delta orders, width 9. */
    public static FrameParams mfcc(FeatureParams base, int deltas) {
        return new FrameParams(base, Kind.MFCC, deltas, 9);
    }

    /** The log-mel matrix of {@code base} (its nMels) with {@code deltas} delta orders, width 9. */
    public static FrameParams logMel(FeatureParams base, int deltas) {
        return new FrameParams(base, Kind.LOG_MEL, deltas, 9);
    }

    /** Rows of the static part: n_mfcc or n_mels. */
    public int coefficients() {
        return kind == Kind.MFCC ? base.nMfcc() : base.nMels();
    }

    /** C: coefficients x (1 + deltas). */
    public int channels() {
        return coefficients() * (1 + deltas);
    }

    /** T: frames kept per clip ({@code base.length()}). */
    public int frames() {
        return base.length();
    }

    /** A stable text of every value (feature cache key, model.json); differs from every notebook key. */
    public String key() {
        return "frames:" + kind.id() + ",deltas=" + deltas + ",delta_width=" + deltaWidth + "," + base.key();
    }

    /** "mfcc 13 x 259 (+delta)" for logs. */
    public String describe() {
        String d = deltas == 0 ? "" : deltas == 1 ? " + delta" : " + delta + delta2";
        return String.format(Locale.ROOT, "%s %d%s: %d frames x %d channels (sr %d, offset %s s, duration %s s, n_fft %d, hop %d, n_mels %d, top_db %s)",
                kind.id(), coefficients(), d, frames(), channels(), base.sampleRate(), base.offset(), base.duration(),
                base.nFft(), base.hop(), base.nMels(), base.topDb());
    }
}
