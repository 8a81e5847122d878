package ser.features;

/**
 * The resampling filter, as librosa's {@code res_type} names it. Both are resampy 0.2.x filters: a Kaiser-windowed
 * sinc tabulated with 512 entries per zero crossing.
 */
public enum ResType {
    /** resampy 0.2.x kaiser_fast: 16 zero crossings, roll-off 0.85, Kaiser beta 8.555504641634386 (the notebook's). */
    KAISER_FAST(16, 0.85, 8.555504641634386),
    /** resampy 0.2.x kaiser_best (librosa's default): 64 zero crossings, roll-off 0.9475937167399596, beta 14.769656459379492. */
    KAISER_BEST(64, 0.9475937167399596, 14.769656459379492);

    /** Zero crossings of the sinc kept on each side. */
    public final int numZeros;
    /** Cut-off as a fraction of the Nyquist frequency. */
    public final double rolloff;
    /** Kaiser window shape. */
    public final double beta;
    /** Table entries per zero crossing (resampy's {@code precision}, 2^9). */
    public static final int PRECISION = 512;

    ResType(int numZeros, double rolloff, double beta) {
        this.numZeros = numZeros;
        this.rolloff = rolloff;
        this.beta = beta;
    }

    /** librosa's spelling, e.g. {@code kaiser_fast}. */
    public String librosaName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
