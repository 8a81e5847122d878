package ser.engine.layers;

/** Conv1D padding, as Keras names it. */
public enum Padding {
    /** Output length equals input length; zeros pad (K-1)/2 steps on the left and the rest on the right. */
    SAME,
    /** No padding: output length T - K + 1. */
    VALID;

    /** The padding Keras spells name ("same" or "valid"). */
    public static Padding of(String name) {
        for (Padding p : values()) {
            if (p.kerasName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("padding must be 'same' or 'valid', got '" + name + "'");
    }

    /** Keras spelling: "same" or "valid". */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
