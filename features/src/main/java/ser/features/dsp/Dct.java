package ser.features.dsp;

import org.jtransforms.dct.DoubleDCT_1D;

/**
 * Orthonormal DCT-II (scipy's {@code dct(x, type=2, norm='ortho')}) along the band axis, keeping the first
 * {@code nKeep} coefficients:
 * <pre>
 * c_0 = sqrt(1/N) sum_n x_n,   c_k = sqrt(2/N) sum_n x_n cos(pi k (2n + 1) / (2N)),  k &ge; 1
 * </pre>
 * computed with JTransforms' {@code DoubleDCT_1D.forward(x, true)}: with {@code scale = true} JTransforms multiplies
 * c_0 by sqrt(1/N) and the rest by sqrt(2/N), i.e. exactly the orthonormal form above (checked against the formula
 * in DctTest). Not thread-safe (owns the plan and a scratch column).
 */
public final class Dct {
    private final int n, nKeep;
    private final DoubleDCT_1D dct;
    private final double[] column;

    public Dct(int n, int nKeep) {
        if (nKeep < 1 || nKeep > n) throw new IllegalArgumentException("nKeep must be in 1.." + n + ", got " + nKeep);
        this.n = n;
        this.nKeep = nKeep;
        this.dct = new DoubleDCT_1D(n);
        this.column = new double[n];
    }

    /**
     * @param x [n][frames] band-major (e.g. log-mel)
     * @return [nKeep][frames]
     */
    // docs:begin dct
    public double[] apply(double[] x, int frames) {
        if (x.length != n * frames) throw new IllegalArgumentException("input has " + x.length + " values, expected " + n + " x " + frames);
        double[] out = new double[nKeep * frames];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < n; i++) column[i] = x[i * frames + t];
            dct.forward(column, true);
            for (int k = 0; k < nKeep; k++) out[k * frames + t] = column[k];
        }
        return out;
    }
    // docs:end dct

    /** The formula, O(N^2), for tests and the tutorial. */
    public static double[] reference(double[] x) {
        int len = x.length;
        double[] c = new double[len];
        for (int k = 0; k < len; k++) {
            double s = 0;
            for (int i = 0; i < len; i++) s += x[i] * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * len));
            c[k] = s * Math.sqrt((k == 0 ? 1.0 : 2.0) / len);
        }
        return c;
    }
}
