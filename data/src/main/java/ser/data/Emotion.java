package ser.data;

/** The eight RAVDESS emotions, field 3 of a file name; {@link #code} is the two-digit code. */
public enum Emotion {
    NEUTRAL(1), CALM(2), HAPPY(3), SAD(4), ANGRY(5), FEARFUL(6), DISGUST(7), SURPRISED(8);

    public final int code;

    Emotion(int code) {
        this.code = code;
    }

    /** The lower-case name used in labels, e.g. "fearful". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The emotion with this code (1..8). */
    public static Emotion ofCode(int code) {
        if (code < 1 || code > 8) {
            throw new IllegalArgumentException("emotion code must be 01..08, got " + code);
        }
        return values()[code - 1];
    }
}
