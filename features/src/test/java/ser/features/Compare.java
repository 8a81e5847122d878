package ser.features;

/** Error measures for fixture comparisons; each test prints the worst values it saw. */
public final class Compare {
    private Compare() {
    }

    public static double maxAbs(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    public static double maxAbs(float[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Count of positions whose float bits differ (0 = bit-exact). */
    public static int bitDifferences(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) n++;
        return n;
    }

    public static int bitDifferences(double[] a, double[] b) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) n++;
        return n;
    }

    /** max |a - b| / |b| over elements with |b| > floor. */
    public static double maxRel(double[] a, double[] b, double floor) {
        if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) if (Math.abs(b[i]) > floor) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
        return m;
    }

    public static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }
}
