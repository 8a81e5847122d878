package ser.features.dsp;

/**
 * librosa 0.6.3's {@code power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)}:
 * <pre>
 * db = 10 log10(max(amin, S)) - 10 log10(max(amin, ref))
 * db = max(db, max(db over the whole matrix) - top_db)
 * </pre>
 * The floor is relative to the loudest cell of <i>this clip</i>, so quiet clips keep their detail and the same
 * recording at two gains gives two spectrograms that differ by a constant (until the floor bites).
 */
public final class Decibels {
    /** librosa's default amin. */
    public static final double AMIN = 1e-10;

    private Decibels() {
    }

    /** Converts power to dB in place and returns {@code s}; {@code topDb = +inf} disables the floor. */
    // docs:begin power-to-db
    public static double[] powerToDb(double[] s, double ref, double amin, double topDb) {
        if (!(amin > 0)) throw new IllegalArgumentException("amin must be > 0, got " + amin);
        double refDb = 10.0 * Math.log10(Math.max(amin, Math.abs(ref)));
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            double db = 10.0 * Math.log10(Math.max(amin, Math.abs(s[i]))) - refDb;
            s[i] = db;
            if (db > max) max = db;
        }
        if (topDb < Double.POSITIVE_INFINITY && s.length > 0) {
            double floor = max - topDb;
            for (int i = 0; i < s.length; i++) if (s[i] < floor) s[i] = floor;
        }
        return s;
    }
    // docs:end power-to-db

    /** The notebook's call: ref 1, amin 1e-10. */
    public static double[] powerToDb(double[] s, double topDb) {
        return powerToDb(s, 1.0, AMIN, topDb);
    }
}
