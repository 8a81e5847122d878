package ser.engine.layers;

/** Conv1D padding, as Keras names it. */
public enum Padding {
    /** Output length equals input length; zeros pad (K-1)/2 steps on the left and the rest on the right. */
    SAME,
    /** No padding: output length T - K + 1. */
    VALID;

    /** Keras spelling: "same" or "valid". */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
