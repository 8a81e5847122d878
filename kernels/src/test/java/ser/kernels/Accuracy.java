package ser.kernels;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The error measure of the kernel tests. For an output that is a sum of terms, float rounding error grows with
 * the size of the terms, not of the result (a sum that cancels to near zero may carry an error far larger than
 * itself). So the error of element i is measured against the sum of the absolute values of its terms:
 *
 * <pre>
 *   err_i = |got_i - ref_i| / scale_i,    ref_i = exact sum (double),  scale_i = sum of |terms| (double)
 * </pre>
 *
 * An element whose terms are all zero (scale 0) must be exactly 0. A NaN anywhere (an element the kernel never
 * wrote keeps the NaN it was poisoned with) is an infinite error.
 */
final class Accuracy {

    static final double TOLERANCE = 1e-4;

    private Accuracy() {
    }

    /** The worst err_i, and where it occurred. */
    record Worst(double error, int index, double got, double ref) {
        @Override
        public String toString() {
            return String.format("max rel err %.3g at [%d] (got %.9g, ref %.9g)", error, index, got, ref);
        }
    }

    static Worst worst(float[] got, int gotOffset, double[] ref, double[] scale, int refOffset, int n) {
        Worst worst = new Worst(0, -1, 0, 0);
        for (int i = 0; i < n; i++) {
            double g = got[gotOffset + i];
            double r = ref[refOffset + i];
            double s = scale[refOffset + i];
            double err;
            if (Double.isNaN(g) || Double.isInfinite(g)) {
                err = Double.POSITIVE_INFINITY;
            } else if (s == 0) {
                err = g == r ? 0 : Double.POSITIVE_INFINITY;
            } else {
                err = Math.abs(g - r) / s;
            }
            if (err > worst.error() || worst.index() < 0) {
                worst = new Worst(err, i, g, r);
            }
        }
        return worst;
    }

    /** Prints the worst error under label and fails above TOLERANCE. */
    static Worst check(String label, float[] got, int gotOffset, double[] ref, double[] scale, int refOffset, int n) {
        Worst w = worst(got, gotOffset, ref, scale, refOffset, n);
        System.out.println("  " + label + ": " + w);
        if (!(w.error() < TOLERANCE)) {
            fail(label + ": " + w + " exceeds " + TOLERANCE);
        }
        return w;
    }

    static Worst check(String label, float[] got, double[] ref, double[] scale) {
        return check(label, got, 0, ref, scale, 0, ref.length);
    }
}
